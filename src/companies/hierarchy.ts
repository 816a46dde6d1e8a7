import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** The two hierarchies of companies; each must stay a forest (no company is its own ancestor). */
export type HierarchyColumn = 'parent_id' | 'billing_parent_id';

/**
 * The pure check: would pointing `companyId`'s link at `proposedId` make a cycle? `linkOf` gives
 * each company's current link (null for none). Returns the cycle as ids, starting and ending at
 * `companyId` (`[5, 12, 9, 5]`), or null when there is none.
 */
export function hierarchyCycle(
  companyId: number,
  proposedId: number,
  linkOf: (id: number) => number | null | undefined,
): number[] | null {
  const path = [companyId];
  const seen = new Set<number>(path);
  let current: number | null | undefined = proposedId;
  while (current !== null && current !== undefined) {
    path.push(current);
    if (current === companyId) return path;
    if (seen.has(current)) return null; // an older loop above, not through this company
    seen.add(current);
    current = linkOf(current);
  }
  return null;
}

/** Every company above `startId` along `column` (itself included), each with its link: one query. */
export async function ancestorLinks(
  trx: Transaction<Database>,
  column: HierarchyColumn,
  startId: number,
): Promise<Map<number, number | null>> {
  const { rows } = await sql<{ id: number; link: number | null }>`
    with recursive up(id, link) as (
      select id, ${sql.ref(column)} from companies where id = ${startId}
      union
      select c.id, c.${sql.ref(column)} from companies c join up on c.id = up.link
    )
    select id, link from up`.execute(trx);
  return new Map(rows.map((row) => [row.id, row.link]));
}

/**
 * Serializes changes of the hierarchies (a transaction-level advisory lock), so two changes made
 * at once cannot each pass the check and together close a loop.
 */
export async function lockHierarchies(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${HIERARCHY_LOCK_KEY})`.execute(trx);
}

const HIERARCHY_LOCK_KEY = 150_801;

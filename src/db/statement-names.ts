/** Beyond this many distinct SQL texts, statements run unnamed (planned each time). */
const MAX_PREPARED = 500;
/** How many SQL texts seen once are remembered, waiting for a second run to be prepared. */
const MAX_SEEN = 5_000;

/**
 * Which SQL texts run as named prepared statements, and under which names. A text is named on its
 * second run, so one-off statements (migrations, DDL) take up no names; the number of names is
 * capped, since each one holds a plan in every connection that ran it.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly seen = new Set<string>();
  private count = 0;

  /** The name to run `sql` under, or undefined to run it unnamed this time. */
  nameFor(sql: string): string | undefined {
    const known = this.names.get(sql);
    if (known !== undefined) return known;
    if (!this.seen.has(sql)) {
      if (this.seen.size >= MAX_SEEN) this.seen.clear();
      this.seen.add(sql);
      return undefined;
    }
    if (this.names.size >= MAX_PREPARED) return undefined;
    const name = `planocore_${++this.count}`;
    this.names.set(sql, name);
    return name;
  }

  /** Runs of `sql` take a fresh name from now on (the old one is never reused). */
  forget(sql: string): void {
    this.names.delete(sql);
  }
}

/**
 * PostgreSQL refuses to run a prepared statement whose table changed shape since it was prepared
 * ("cached plan must not change result type"); preparing it again under a new name fixes it.
 */
export function isStalePlan(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '0A000';
}

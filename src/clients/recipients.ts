import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Which emails about a client's orders copy whom: every one copies the client's
 * `assistant_emails`; a completion email also their `additional_emails` and their company's
 * `job_completion_email`.
 */
export type OrderEmailKind = 'order' | 'completion';

export interface ClientRecipients {
  readonly to: { readonly email: string; readonly firstName: string; readonly lastName: string };
  /** Distinct (any case), without the client's own address. */
  readonly cc: string[];
}

/** The one home of who receives an email about a client's order. */
export async function clientRecipients(
  db: Kysely<Database>,
  clientId: number,
  kind: OrderEmailKind,
): Promise<ClientRecipients> {
  const row = await db
    .selectFrom('clients as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .leftJoin('companies as co', 'co.id', 'c.company_id')
    .select([
      'u.email',
      'u.first_name',
      'u.last_name',
      'c.assistant_emails',
      'c.additional_emails',
      'co.job_completion_email',
    ])
    .where('c.id', '=', clientId)
    .executeTakeFirstOrThrow();
  const copies =
    kind === 'completion'
      ? [
          ...row.assistant_emails,
          ...row.additional_emails,
          ...(row.job_completion_email ? [row.job_completion_email] : []),
        ]
      : row.assistant_emails;
  const seen = new Set([row.email.toLowerCase()]);
  const cc = copies.filter((email) => {
    const key = email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { to: { email: row.email, firstName: row.first_name, lastName: row.last_name }, cc };
}

import {
  expressionBuilder,
  sql,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
  type StringReference,
} from 'kysely';
import type { Database } from '../schema.js';
import type { RoleActor } from '../protocol/auth-state.js';

/**
 * A company follows its clients: the caller may act for a company when it may act for one of the
 * company's clients (`mayActFor`): employees for every company, a liaison for the companies of
 * their linked clients, a client for their own company.
 */
export async function mayActForCompany(
  db: Kysely<Database>,
  caller: RoleActor,
  companyId: number,
): Promise<boolean> {
  if (caller.kind === 'employee') return true;
  const found = await scopeCompaniesToCaller(
    db.selectFrom('companies as co').select('co.id').where('co.id', '=', companyId),
    caller,
    'co.id',
  ).executeTakeFirst();
  return found !== undefined;
}

/** Narrows a query of companies (by its company id column) to those `mayActForCompany` admits. */
export function scopeCompaniesToCaller<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  caller: RoleActor,
  column: StringReference<DB, TB>,
): SelectQueryBuilder<DB, TB, O> {
  if (caller.kind === 'employee') return query;
  const eb = expressionBuilder<Database, never>();
  const clients =
    caller.kind === 'client'
      ? eb.selectFrom('clients').select('company_id').where('id', '=', caller.clientId)
      : eb
          .selectFrom('clients')
          .innerJoin('liaison_clients as lc', 'lc.client_id', 'clients.id')
          .select('clients.company_id')
          .where('lc.liaison_id', '=', caller.liaisonId);
  return query.where(sql<SqlBool>`${sql.ref(column)} in (${clients})`);
}

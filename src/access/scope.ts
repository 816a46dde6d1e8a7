import { expressionBuilder, sql, type SelectQueryBuilder, type SqlBool, type StringReference } from 'kysely';
import type { Database } from '../schema.js';
import type { RoleActor } from '../protocol/auth-state.js';

/**
 * Narrows a list query to the records the caller may see, by the query's client id column
 * (`'client_id'`, `'c.client_id'`): employees every client's, liaisons their linked clients',
 * clients their own. The same rule as `mayActFor`, in SQL.
 */
export function scopeToCaller<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  caller: RoleActor,
  column: StringReference<DB, TB>,
): SelectQueryBuilder<DB, TB, O> {
  switch (caller.kind) {
    case 'employee':
      return query;
    case 'client':
      return query.where(sql<SqlBool>`${sql.ref(column)} = ${caller.clientId}`);
    case 'liaison':
      return query.where(sql<SqlBool>`${sql.ref(column)} in (${linkedClients(caller.liaisonId)})`);
  }
}

function linkedClients(liaisonId: number) {
  return expressionBuilder<Database, never>()
    .selectFrom('liaison_clients')
    .select('client_id')
    .where('liaison_id', '=', liaisonId);
}

import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Permission } from '../protocol/auth-state.js';

/** Whether the employee holds the permission (one primary-key lookup). */
export async function holdsPermission(
  db: Kysely<Database>,
  employeeId: number,
  permission: Permission,
): Promise<boolean> {
  const row = await db
    .selectFrom('employee_permissions')
    .select('employee_id')
    .where('employee_id', '=', employeeId)
    .where('permission', '=', permission)
    .executeTakeFirst();
  return row !== undefined;
}

/** Grants the permission to the employee; granting it again changes nothing. */
export async function grantPermission(
  db: Kysely<Database>,
  employeeId: number,
  permission: Permission,
): Promise<void> {
  await db
    .insertInto('employee_permissions')
    .values({ employee_id: employeeId, permission })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

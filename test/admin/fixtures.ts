import { grantPermission } from '../../src/auth/permissions.js';
import { createUser, signIn, type TestUser } from '../helpers/auth.js';
import type { TestServer } from '../helpers/server.js';

/** An employee holding the `admin` permission, signed in through PlanoOrder. */
export async function signedInAdmin(server: TestServer): Promise<TestUser & { token: string }> {
  const user = await createUser(server.app.context.db, ['employee']);
  await grantPermission(server.app.context.db, user.employeeId!, 'admin');
  return { ...user, token: await signIn(server, user.email, 'planoorder') };
}

/** The audit trail of one record, oldest first, as stored. */
export function auditOf(server: TestServer, entityType: string, entityId: number) {
  return server.app.context.db
    .selectFrom('audit_events')
    .selectAll()
    .where('entity_type', '=', entityType as never)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
}

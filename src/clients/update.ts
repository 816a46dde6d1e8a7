import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../schema.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import { splitEmailList } from '../protocol/formats.js';
import { clientToActFor } from '../access/may-act-for.js';
import { permissionDenied } from '../access/visibility.js';
import { changedFields, recordChange } from '../audit/trail.js';
import { assertAccountOwner } from '../auth/hand-off.js';
import type { PasswordHasher } from '../auth/passwords.js';
import { revokeUserSessions } from '../auth/session-store.js';
import type { AuthTables } from '../auth/tables.js';
import { isUniqueViolation } from '../auth/users.js';
import { findClient, type ClientRow } from './records.js';

export const CLEARABLE_CLIENT_FIELDS = [
  'phone',
  'assistant_first_name',
  'assistant_last_name',
  'assistant_phone',
  'assistant_emails',
  'additional_emails',
  'employee_notes',
  'realtor_license',
  'bio',
  'display_name',
] as const;
type Clearable = (typeof CLEARABLE_CLIENT_FIELDS)[number];

export interface ClientUpdateInput {
  readonly first_name?: string | undefined;
  readonly last_name?: string | undefined;
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  readonly password?: string | undefined;
  readonly active?: boolean | undefined;
  readonly assistant_first_name?: string | undefined;
  readonly assistant_last_name?: string | undefined;
  readonly assistant_phone?: string | undefined;
  /** Comma-separated addresses (the param's `email-list` format checked each). */
  readonly assistant_emails?: string | undefined;
  readonly additional_emails?: string | undefined;
  readonly employee_notes?: string | undefined;
  readonly realtor_license?: string | undefined;
  readonly bio?: string | undefined;
  readonly display_name?: string | undefined;
  readonly use_display_name?: boolean | undefined;
  readonly current_password?: string | undefined;
  readonly clear?: readonly Clearable[] | undefined;
}

/** Who may set the account's email or password: the owner (with the current one), or an employee. */
type Credentials = 'none' | 'owner' | 'employee-reset';

export interface ClientUpdatePlan {
  readonly user: Updateable<AuthTables['users']>;
  readonly client: Updateable<AuthTables['clients']>;
  readonly credentials: Credentials;
}

const EMPLOYEE_ONLY = ['active', 'employee_notes'] as const;
const USER_TEXT = ['first_name', 'last_name', 'phone'] as const;
const CLIENT_TEXT = [
  'assistant_first_name',
  'assistant_last_name',
  'assistant_phone',
  'realtor_license',
  'bio',
  'display_name',
  'employee_notes',
] as const;
const EMAIL_LISTS = ['assistant_emails', 'additional_emails'] as const;

/**
 * The pure decision: the columns the update sets and how its email or password change is
 * authorized. A client edits their own profile; a liaison the profiles of their clients; only
 * employees set `active` and `employee_notes`; the email and password are changed by the account's
 * owner (not from a hand-off session) or reset by an employee.
 */
export function planClientUpdate(
  actor: Pick<RoleActor, 'kind' | 'actingUserId'>,
  input: ClientUpdateInput,
): ClientUpdatePlan {
  if (actor.kind !== 'employee') {
    const given = EMPLOYEE_ONLY.find((name) => input[name] !== undefined);
    if (given) throw permissionDenied(given, `only an employee may set ${given}`);
    if (input.clear?.includes('employee_notes')) {
      throw permissionDenied('clear', 'only an employee may clear employee_notes');
    }
  }
  let credentials: Credentials = 'none';
  for (const name of ['email', 'password'] as const) {
    if (input[name] === undefined) continue;
    assertAccountOwner(actor, name, `change the ${name}`);
    if (actor.kind === 'liaison') {
      throw permissionDenied(name, `only the client or an employee may change the ${name}`);
    }
    credentials = actor.kind === 'employee' ? 'employee-reset' : 'owner';
  }
  const user: Record<string, unknown> = {};
  const client: Record<string, unknown> = {};
  for (const name of input.clear ?? []) {
    if (name === 'phone') user.phone = null;
    else if (name === 'assistant_emails' || name === 'additional_emails') client[name] = '[]';
    else client[name] = null;
  }
  for (const name of USER_TEXT) if (input[name] !== undefined) user[name] = input[name].trim();
  if (input.email !== undefined) user.email = input.email.trim();
  for (const name of CLIENT_TEXT) if (input[name] !== undefined) client[name] = input[name];
  for (const name of EMAIL_LISTS) {
    if (input[name] !== undefined) client[name] = JSON.stringify(uniqueEmails(splitEmailList(input[name])));
  }
  if (input.active !== undefined) client.active = input.active;
  if (input.use_display_name !== undefined) client.use_display_name = input.use_display_name;
  return { user, client, credentials };
}

function uniqueEmails(emails: readonly string[]): string[] {
  const seen = new Set<string>();
  return emails.filter((email) => {
    const key = email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface ClientUpdateResult {
  readonly client: ClientRow;
  readonly changed: string[];
  /** Sessions of the client's user ended by a password change (0 without one). */
  readonly revokedSessions: number;
  readonly passwordChanged: boolean;
}

/**
 * Applies an update in one transaction: the caller must be able to act for the client
 * (src/access); the owner proves the current password before changing the email or password; a
 * new password ends every session of the user; the change is kept in the audit trail (the
 * password never, only that it changed).
 */
export async function updateClient(
  deps: { db: Kysely<Database>; passwords: PasswordHasher },
  actor: RoleActor,
  clientId: number,
  input: ClientUpdateInput,
  now: Date,
): Promise<ClientUpdateResult> {
  const { db, passwords } = deps;
  const target = await clientToActFor(db, actor, clientId, 'id');
  const plan = planClientUpdate(actor, input);
  if (plan.credentials === 'owner') await proveCurrentPassword(db, passwords, target.user_id, input);
  const passwordHash = input.password === undefined ? null : await passwords.hash(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      await trx.selectFrom('clients').select('id').where('id', '=', clientId).forUpdate().execute();
      const before = (await findClient(trx, clientId))!;
      const userChanges = {
        ...plan.user,
        ...(passwordHash === null ? {} : { password_hash: passwordHash, password_changed_at: now }),
      };
      if (Object.keys(userChanges).length > 0) {
        await trx.updateTable('users').set(userChanges).where('id', '=', target.user_id).execute();
      }
      await trx
        .updateTable('clients')
        .set({ ...plan.client, updated_at: now })
        .where('id', '=', clientId)
        .execute();
      const revokedSessions =
        passwordHash === null ? 0 : await revokeUserSessions(trx, target.user_id, 'password-changed', now);
      const after = (await findClient(trx, clientId))!;
      const diff = changedFields(auditFields(before), auditFields(after));
      const changed = [...(diff?.keys ?? []), ...(passwordHash === null ? [] : ['password'])];
      if (changed.length > 0) {
        await recordChange(trx, actor, {
          entityType: 'client',
          entityId: clientId,
          action: 'update',
          before: diff?.before ?? {},
          after: { ...diff?.after, ...(passwordHash === null ? {} : { password: 'changed' }) },
          at: now,
        });
      }
      return { client: after, changed, revokedSessions, passwordChanged: passwordHash !== null };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ApiError('email-already-registered', 'Another user has this email address.', [
        { param: 'email', status: 'email-already-registered', message: 'email is already registered' },
      ]);
    }
    throw err;
  }
}

async function proveCurrentPassword(
  db: Kysely<Database>,
  passwords: PasswordHasher,
  userId: number,
  input: ClientUpdateInput,
): Promise<void> {
  const { password_hash } = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (password_hash === null) return; // a Google / magic-link account sets its first password
  if (input.current_password === undefined) {
    throw ApiError.missingParam(
      'current_password',
      'current_password is required to change the email or password',
    );
  }
  if (!(await passwords.verify(password_hash, input.current_password))) {
    throw new ApiError('invalid-password', 'The current password is not correct.', [
      { param: 'current_password', status: 'invalid-password', message: 'current_password does not match' },
    ]);
  }
}

function auditFields(row: ClientRow) {
  return {
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    phone: row.phone,
    active: row.active,
    assistant_first_name: row.assistant_first_name,
    assistant_last_name: row.assistant_last_name,
    assistant_phone: row.assistant_phone,
    assistant_emails: row.assistant_emails,
    additional_emails: row.additional_emails,
    employee_notes: row.employee_notes,
    realtor_license: row.realtor_license,
    bio: row.bio,
    display_name: row.display_name,
    use_display_name: row.use_display_name,
  };
}

import type { Kysely } from 'kysely';
import { PasswordHasher } from '../../src/auth/passwords.js';
import type { Role } from '../../src/protocol/auth-state.js';
import type { Database } from '../../src/schema.js';
import { encodeSensitive, type TestServer } from './server.js';

/** Cheap argon2id parameters so suites stay fast; production uses OWASP's (see passwords.ts). */
export const testPasswords = new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

export const PASSWORD = 'correct horse battery';

export interface TestUser {
  userId: number;
  email: string;
  clientId: number | null;
  employeeId: number | null;
  liaisonId: number | null;
}

let counter = 0;

/** Inserts a user holding the given roles straight into the database. */
export async function createUser(
  db: Kysely<Database>,
  roles: Role[],
  options: { email?: string; password?: string | null } = {},
): Promise<TestUser> {
  counter += 1;
  const email = options.email ?? `user${counter}-${Date.now()}@example.com`;
  const password = options.password === undefined ? PASSWORD : options.password;
  const user = await db
    .insertInto('users')
    .values({
      email,
      password_hash: password === null ? null : await testPasswords.hash(password),
      first_name: 'Test',
      last_name: `User${counter}`,
      phone: null,
      password_changed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const insertRole = async (table: 'clients' | 'employees' | 'liaisons') =>
    (await db.insertInto(table).values({ user_id: user.id }).returning('id').executeTakeFirstOrThrow()).id;
  return {
    userId: user.id,
    email,
    clientId: roles.includes('client') ? await insertRole('clients') : null,
    employeeId: roles.includes('employee') ? await insertRole('employees') : null,
    liaisonId: roles.includes('liaison') ? await insertRole('liaisons') : null,
  };
}

export const APP_FOR_ROLE = { client: 'planoauth', employee: 'planoorder', liaison: 'planox2' } as const;

/** Signs in through the real sessions/create route and returns the token. */
export async function signIn(
  server: TestServer,
  email: string,
  application: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await server.call('POST', '/api/v1/sessions/create', {
    body: encodeSensitive({ email, password: PASSWORD, application, ...extra }),
    contentType: 'text/plain',
  });
  const token = res.body?.session?.token;
  if (typeof token !== 'string') throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
  return token;
}

/** A user with one role, signed in through that role's application. */
export async function signedIn(server: TestServer, role: Role): Promise<TestUser & { token: string }> {
  const user = await createUser(server.app.context.db, [role]);
  return { ...user, token: await signIn(server, user.email, APP_FOR_ROLE[role]) };
}

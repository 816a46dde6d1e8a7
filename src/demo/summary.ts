import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { DEMO_PASSWORD, DEMO_USERS } from './seed.js';

export interface DemoSummary {
  readonly password: string;
  readonly users: readonly { readonly email: string; readonly userId: number; readonly role: string }[];
  readonly orderIds: readonly number[];
  readonly tourIds: readonly number[];
}

const ROLE_OF_USER: Record<keyof typeof DEMO_USERS, string> = {
  employee: 'employee, PlanoOrder, admin: /console',
  liaison: 'liaison, PlanoX2',
  client: 'client, PlanoAuth',
  noRole: 'no role',
};

/** What the start lines tell about the demo data: who can sign in, and which records to try. */
export async function demoSummary(db: Kysely<Database>): Promise<DemoSummary> {
  const emails = Object.values(DEMO_USERS);
  const users = await db.selectFrom('users').select(['id', 'email']).where('email', 'in', emails).execute();
  const client = await db
    .selectFrom('clients as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select('c.id')
    .where('u.email', '=', DEMO_USERS.client)
    .executeTakeFirst();
  const ids = async (table: 'orders' | 'tours') =>
    client
      ? (
          await db.selectFrom(table).select('id').where('client_id', '=', client.id).orderBy('id').execute()
        ).map((row) => row.id)
      : [];
  return {
    password: DEMO_PASSWORD,
    users: (Object.keys(DEMO_USERS) as (keyof typeof DEMO_USERS)[]).flatMap((key) => {
      const user = users.find((u) => u.email === DEMO_USERS[key]);
      return user ? [{ email: user.email, userId: user.id, role: ROLE_OF_USER[key] }] : [];
    }),
    orderIds: await ids('orders'),
    tourIds: await ids('tours'),
  };
}

import type { Kysely } from 'kysely';
import { PasswordHasher } from '../auth/passwords.js';
import type { Database } from './schema.js';

export const DEMO_PASSWORD = 'demo-password';
export const DEMO_USERS = {
  employee: 'employee@demo.planocore.test',
  liaison: 'liaison@demo.planocore.test',
  client: 'client@demo.planocore.test',
  noRole: 'newcomer@demo.planocore.test',
} as const;

/** Demo data for a fresh machine; runs on every start and adds only what is missing. */
export async function seedDemoData(db: Kysely<Database>, hasher = new PasswordHasher()): Promise<void> {
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', DEMO_USERS.employee)
    .executeTakeFirst();
  if (existing) return;
  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  await db.transaction().execute(async (trx) => {
    const user = async (email: string, first_name: string, last_name: string) =>
      (
        await trx
          .insertInto('users')
          .values({
            email,
            password_hash: passwordHash,
            first_name,
            last_name,
            phone: null,
            password_changed_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const employeeUser = await user(DEMO_USERS.employee, 'Erin', 'Employee');
    const liaisonUser = await user(DEMO_USERS.liaison, 'Liam', 'Liaison');
    const clientUser = await user(DEMO_USERS.client, 'Casey', 'Client');
    await user(DEMO_USERS.noRole, 'Nova', 'Newcomer');

    const company = await trx
      .insertInto('companies')
      .values({ name: 'Demo Realty' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('employees').values({ user_id: employeeUser, title: 'Scheduler' }).execute();
    const client = await trx
      .insertInto('clients')
      .values({ user_id: clientUser, company_id: company.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const liaison = await trx
      .insertInto('liaisons')
      .values({ user_id: liaisonUser })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('liaison_clients')
      .values({ liaison_id: liaison.id, client_id: client.id })
      .execute();

    const now = new Date();
    const tour = await trx
      .insertInto('tours')
      .values({
        client_id: client.id,
        address: '12 Harbor Lane, Portland, ME',
        status: 'published',
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('orders')
      .values([
        {
          client_id: client.id,
          tour_id: tour.id,
          address: '12 Harbor Lane, Portland, ME',
          status: 'delivered',
          updated_at: now,
        },
        {
          client_id: client.id,
          tour_id: null,
          address: '48 Elm Street, Portland, ME',
          status: 'new_request',
          updated_at: now,
        },
        {
          client_id: client.id,
          tour_id: null,
          address: '7 Ocean View Rd, Cape Elizabeth, ME',
          status: 'scheduling',
          updated_at: now,
        },
      ])
      .execute();
  });
}

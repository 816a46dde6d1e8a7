import type { Kysely } from 'kysely';
import { PasswordHasher } from '../auth/passwords.js';
import { cancelationView, findCancelation } from '../cancelations/records.js';
import type { CancelableType } from '../cancelations/tables.js';
import type { Database } from '../schema.js';
import { seedDemoAccounts } from './accounts.js';
import { ensurePropertyTypes } from '../list-items/seed.js';

export const DEMO_PASSWORD = 'demo-password';
export const DEMO_USERS = {
  employee: 'employee@demo.planocore.test',
  liaison: 'liaison@demo.planocore.test',
  client: 'client@demo.planocore.test',
  noRole: 'newcomer@demo.planocore.test',
} as const;

/** Demo data for a fresh machine; runs on every start and adds only what is missing. */
export async function seedDemoData(db: Kysely<Database>, hasher = new PasswordHasher()): Promise<void> {
  await seedUsersAndOrders(db, hasher);
  await seedCancelationReasons(db);
  await seedCanceledOrder(db);
  await ensurePropertyTypes(db);
  await seedDemoAccounts(db, hasher);
}

async function seedUsersAndOrders(db: Kysely<Database>, hasher: PasswordHasher): Promise<void> {
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

const ALL_TYPES: CancelableType[] = ['order', 'tour', 'appointment', 'line_item'];

/** Cancelation reasons to start from; employees add and retire their own in cancelation_reasons. */
export const DEMO_CANCELATION_REASONS: { slug: string; text: string; applicable_types: CancelableType[] }[] =
  [
    { slug: 'client-request', text: 'Canceled at the client’s request.', applicable_types: ALL_TYPES },
    { slug: 'duplicate', text: 'Duplicate of another record.', applicable_types: ALL_TYPES },
    {
      slug: 'listing-withdrawn',
      text: 'The listing was withdrawn or the property sold.',
      applicable_types: ['order', 'tour'],
    },
    {
      slug: 'property-unavailable',
      text: 'The property was not accessible for the shoot.',
      applicable_types: ['order', 'appointment'],
    },
    { slug: 'weather', text: 'Rescheduled because of the weather.', applicable_types: ['appointment'] },
    {
      slug: 'product-not-needed',
      text: 'The client no longer needs this product.',
      applicable_types: ['line_item'],
    },
  ];

/** Idempotent: adds the demo reasons that are missing, leaves edited ones alone. */
export async function seedCancelationReasons(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('cancelation_reasons')
    .values(DEMO_CANCELATION_REASONS)
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
}

/** One canceled demo order with its cancelation and history, so the screens have something to show. */
async function seedCanceledOrder(db: Kysely<Database>): Promise<void> {
  const client = await db
    .selectFrom('clients as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'u.id as user_id'])
    .where('u.email', '=', DEMO_USERS.client)
    .executeTakeFirst();
  if (!client) return;
  const already = await db
    .selectFrom('cancelations')
    .select('id')
    .where('client_id', '=', client.id)
    .executeTakeFirst();
  if (already) return;
  const reason = await db
    .selectFrom('cancelation_reasons')
    .select(['id', 'text'])
    .where('slug', '=', 'listing-withdrawn')
    .executeTakeFirstOrThrow();
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    const order = await trx
      .insertInto('orders')
      .values({
        client_id: client.id,
        tour_id: null,
        address: '3 Lighthouse Point, Falmouth, ME',
        status: 'canceled',
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cancelation = await trx
      .insertInto('cancelations')
      .values({
        cancelable_type: 'order',
        cancelable_id: order.id,
        client_id: client.id,
        key: null,
        key_fingerprint: null,
        reason_id: reason.id,
        reason_text: reason.text,
        reason_note: 'Seller accepted an offer before the shoot.',
        canceled_at: now,
        canceled_by: client.user_id,
        canceled_in: 'planoauth',
        status_before_cancel: 'ordered',
        reinstated_at: null,
        reinstated_by: null,
        reinstated_in: null,
        reinstated_note: null,
        active: true,
        created_by: client.user_id,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('cancelation_events')
      .values({
        cancelation_id: cancelation.id,
        action: 'cancel',
        actor_user_id: client.user_id,
        acting_user_id: null,
        application: 'planoauth',
        occurred_at: now,
        before: JSON.stringify({ cancelable_status: 'ordered' }),
        after: JSON.stringify({
          ...cancelationView((await findCancelation(trx, cancelation.id))!),
          cancelable_status: 'canceled',
        }),
      })
      .execute();
  });
}

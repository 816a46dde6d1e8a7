import type { Kysely } from 'kysely';
import { createAppointment } from '../appointments/service.js';
import { wallTimeIn } from '../appointments/times.js';
import { PasswordHasher } from '../auth/passwords.js';
import { grantPermission } from '../auth/permissions.js';
import { cancel } from '../cancelations/service.js';
import type { CancelableType } from '../cancelations/tables.js';
import { defaultCancelFees, ENV_SCHEMA } from '../config.js';
import { createLineItem } from '../line-items/service.js';
import type { Database } from '../schema.js';
import type { OrderStage } from '../order-stages/machine.js';
import { recordOrderStage } from '../order-stages/service.js';
import { createOrder } from '../orders/service.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { createTour } from '../tours/service.js';
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
  await seedToursAndOrders(db);
  await seedCancelationReasons(db);
  await seedCanceledOrder(db);
  await seedAppointmentsAndItems(db);
  await ensurePropertyTypes(db);
  await seedDemoAccounts(db, hasher);
  await seedAdminPermission(db);
}

/** The demo employee holds the `admin` permission: the admin routes and /console open to them. */
async function seedAdminPermission(db: Kysely<Database>): Promise<void> {
  const employee = await db
    .selectFrom('employees as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select('e.id')
    .where('u.email', '=', DEMO_USERS.employee)
    .executeTakeFirst();
  if (employee) await grantPermission(db, employee.id, 'admin');
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
  });
}

/** The demo client and the demo employee as the services see a caller; undefined until both exist. */
async function demoActors(
  db: Kysely<Database>,
): Promise<{ clientId: number; client: RoleActor; employee: RoleActor } | undefined> {
  const people = await db
    .selectFrom('clients as c')
    .innerJoin('users as cu', 'cu.id', 'c.user_id')
    .crossJoin('employees as e')
    .innerJoin('users as eu', 'eu.id', 'e.user_id')
    .select([
      'c.id as client_id',
      'cu.id as client_user_id',
      'e.id as employee_id',
      'eu.id as employee_user_id',
    ])
    .where('cu.email', '=', DEMO_USERS.client)
    .where('eu.email', '=', DEMO_USERS.employee)
    .executeTakeFirst();
  if (!people) return undefined;
  return {
    clientId: people.client_id,
    client: {
      kind: 'client',
      clientId: people.client_id,
      userId: people.client_user_id,
      actingUserId: null,
      applicationSlug: 'planoauth',
    },
    employee: {
      kind: 'employee',
      employeeId: people.employee_id,
      userId: people.employee_user_id,
      actingUserId: null,
      applicationSlug: 'planoorder',
    },
  };
}

/**
 * The demo client's tour and three orders, made as the demo employee through the services the
 * routes use (tours/create, orders/create, order_stages/create), so each has its history.
 */
async function seedToursAndOrders(db: Kysely<Database>): Promise<void> {
  const people = await demoActors(db);
  if (!people) return;
  const already = await db
    .selectFrom('tours')
    .select('id')
    .where('client_id', '=', people.clientId)
    .executeTakeFirst();
  if (already) return;
  const ctx = { db, now: new Date(), actor: people.employee };
  const tour = await createTour(ctx, people.clientId, {
    address: '12 Harbor Lane',
    city: 'Portland',
    province_iso: 'ME',
    postal_code: '04101',
    bedrooms: '3',
    bathrooms: '2.5',
    sqft: '1850',
    price: '459000',
    property_type: 'single_family',
    map_x: 43.6591,
    map_y: -70.2568,
    greeting: 'Welcome to 12 Harbor Lane!',
  });
  const orders: { tour_id?: number; address?: string; stages: OrderStage[] }[] = [
    { tour_id: tour.id, stages: ['ordered', 'ready_to_schedule', 'scheduled', 'assembly', 'delivered'] },
    { address: '48 Elm Street, Portland, ME', stages: [] },
    { address: '7 Ocean View Rd, Cape Elizabeth, ME', stages: ['ordered', 'ready_to_schedule'] },
  ];
  for (const { stages, ...fields } of orders) {
    const order = await createOrder(ctx, { client_id: people.clientId, ...fields });
    for (const stage of stages) {
      await recordOrderStage(ctx, order.id, { stage, update_status: true, stage_trigger: 'demo' });
    }
  }
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

const CANCELED_ORDER_ADDRESS = '3 Lighthouse Point, Falmouth, ME';

/**
 * One canceled demo order, so the screens have something to show: made by the demo employee and
 * canceled by the demo client through the services the routes use (orders/create,
 * order_stages/create, cancelations/create), so it has its stage history, cancelation history,
 * audit trail and the client's email. The cancel's key makes a rerun a replay.
 */
async function seedCanceledOrder(db: Kysely<Database>): Promise<void> {
  const people = await demoActors(db);
  if (!people) return;
  const now = new Date();
  let order = await db
    .selectFrom('orders')
    .select(['id', 'status'])
    .where('client_id', '=', people.clientId)
    .where('address', '=', CANCELED_ORDER_ADDRESS)
    .executeTakeFirst();
  if (order?.status === 'canceled') return;
  if (!order) {
    const ctx = { db, now, actor: people.employee };
    order = await createOrder(ctx, { client_id: people.clientId, address: CANCELED_ORDER_ADDRESS });
    await recordOrderStage(ctx, order.id, { stage: 'ordered', update_status: true, stage_trigger: 'demo' });
  }
  await cancel(
    { db, now, actor: people.client, fees: defaultCancelFees() },
    {
      cancelable_type: 'order',
      cancelable_id: order.id,
      key: 'demo-canceled-order',
      reason_slug: 'listing-withdrawn',
      reason_note: 'Seller accepted an offer before the shoot.',
    },
  );
}

/**
 * A confirmed appointment next week and priced line items on the demo's open orders, made by the
 * demo employee through the services the routes use (their uuid and keys make a rerun a replay).
 */
async function seedAppointmentsAndItems(db: Kysely<Database>): Promise<void> {
  // The seed runs before any request; its renderings use the schema's default office zone.
  const officeTimeZone = String(ENV_SCHEMA.OFFICE_TIME_ZONE.default);
  const people = await demoActors(db);
  const order = await db
    .selectFrom('orders')
    .select('id')
    .where('address', '=', '7 Ocean View Rd, Cape Elizabeth, ME')
    .executeTakeFirst();
  if (!people || !order) return;
  const now = new Date();
  const ctx = { db, now, actor: people.employee };
  const nextWeek = wallTimeIn(new Date(now.getTime() + 7 * 24 * 60 * 60_000), officeTimeZone);
  await createAppointment(
    { ...ctx, officeTimeZone },
    {
      order_id: order.id,
      confirmed: true,
      date_start_office: nextWeek.date,
      time_start_office: '10:00',
      time_duration: '01:30',
      photographer_name: 'Pat PlanOtech',
      location: '7 Ocean View Rd, Cape Elizabeth, ME',
      updated_at_mt: 'seeded',
      uuid: '6f9a3c1e-2b4d-4e8f-9a1b-3c5d7e9f0a2b',
    },
  );
  const items = [
    {
      key: 'demo-photos',
      service_name: 'Photos (25)',
      group_name: 'photoplan',
      service_type_primary: true,
      price: 24950,
    },
    { key: 'demo-floor-plan', service_name: 'Floor plan', group_name: 'floor_plans', price: 7900 },
  ];
  for (const item of items) {
    await createLineItem(ctx, { itemable_type: 'order', itemable_id: order.id, quantity: 1, ...item });
  }
}

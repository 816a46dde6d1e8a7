import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/schema.js';
import { seedCancelationReasons } from '../../src/demo/seed.js';
import type { AppointmentStatus, LineItemStatus, OrderStatus, TourStatus } from '../../src/orders/tables.js';
import { signedIn, type TestUser } from '../helpers/auth.js';
import { startTestServer, type CallResult, type TestServer } from '../helpers/server.js';

export type Signed = TestUser & { token: string };

/** A server with the demo cancelation reasons, an employee, and a client with a liaison. */
export interface CancelationWorld {
  server: TestServer;
  db: Kysely<Database>;
  employee: Signed;
  client: Signed;
  otherClient: Signed;
  liaison: Signed;
}

export async function startCancelationWorld(): Promise<CancelationWorld> {
  const server = await startTestServer();
  const db = server.app.context.db;
  await seedCancelationReasons(db);
  const [employee, client, otherClient, liaison] = await Promise.all([
    signedIn(server, 'employee'),
    signedIn(server, 'client'),
    signedIn(server, 'client'),
    signedIn(server, 'liaison'),
  ]);
  await db
    .insertInto('liaison_clients')
    .values({ liaison_id: liaison.liaisonId!, client_id: client.clientId! })
    .execute();
  return { server, db, employee, client, otherClient, liaison };
}

export async function makeOrder(db: Kysely<Database>, clientId: number, status: OrderStatus = 'new_request') {
  const now = new Date('2026-01-01T00:00:00Z');
  const row = await db
    .insertInto('orders')
    .values({ client_id: clientId, tour_id: null, address: '1 Test Street', status, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function makeTour(db: Kysely<Database>, clientId: number, status: TourStatus = 'published') {
  const row = await db
    .insertInto('tours')
    .values({
      client_id: clientId,
      address: '2 Tour Lane',
      status,
      updated_at: new Date('2026-01-01T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function makeAppointment(
  db: Kysely<Database>,
  orderId: number,
  status: AppointmentStatus = 'scheduled',
) {
  const row = await db
    .insertInto('appointments')
    .values({
      order_id: orderId,
      starts_at: new Date('2026-01-10T15:00:00Z'),
      status,
      updated_at: new Date('2026-01-01T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function makeLineItem(
  db: Kysely<Database>,
  orderId: number,
  status: LineItemStatus = 'pending',
) {
  const row = await db
    .insertInto('line_items')
    .values({
      order_id: orderId,
      description: 'Photo package',
      status,
      updated_at: new Date('2026-01-01T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function statusOf(
  db: Kysely<Database>,
  type: 'order' | 'tour' | 'appointment' | 'line_item',
  id: number,
): Promise<string> {
  const table = (
    { order: 'orders', tour: 'tours', appointment: 'appointments', line_item: 'line_items' } as const
  )[type];
  const row = await db.selectFrom(table).select('status').where('id', '=', id).executeTakeFirstOrThrow();
  return row.status;
}

export async function reasonId(db: Kysely<Database>, slug: string): Promise<number> {
  return (
    await db.selectFrom('cancelation_reasons').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()
  ).id;
}

type Params = Record<string, unknown>;

export const api = (server: TestServer) => ({
  create: (token: string, params: Params): Promise<CallResult> =>
    server.call('POST', '/api/v1/cancelations/create', { json: { token, ...params } }),
  update: (token: string, params: Params): Promise<CallResult> =>
    server.call('POST', '/api/v1/cancelations/update', { json: { token, ...params } }),
  reinstate: (token: string, params: Params): Promise<CallResult> =>
    server.call('POST', '/api/v1/cancelations/reinstate', { json: { token, ...params } }),
  show: (token: string, id: number | string): Promise<CallResult> =>
    server.call('GET', '/api/v1/cancelations/show', { query: { token, id: String(id) } }),
  list: (token: string, query: Record<string, string> = {}): Promise<CallResult> =>
    server.call('GET', '/api/v1/cancelations/list', { query: { token, ...query } }),
  reasons: (token: string, query: Record<string, string> = {}): Promise<CallResult> =>
    server.call('GET', '/api/v1/cancelation_reasons/list', { query: { token, ...query } }),
});

/** Cancels an order as the employee and returns the cancelation id. */
export async function cancelOrder(
  world: CancelationWorld,
  orderId: number,
  params: Params = {},
): Promise<number> {
  const res = await api(world.server).create(world.employee.token, {
    cancelable_type: 'order',
    cancelable_id: orderId,
    ...params,
  });
  if (res.body.status !== 'action-successful') throw new Error(`cancel failed: ${JSON.stringify(res.body)}`);
  return res.body.data.cancelation.id as number;
}

export async function eventsOf(db: Kysely<Database>, cancelationId: number) {
  return db
    .selectFrom('cancelation_events')
    .selectAll()
    .where('cancelation_id', '=', cancelationId)
    .orderBy('id')
    .execute();
}

/** The cancelation emails queued in the outbox about one order. */
export async function noticesFor(db: Kysely<Database>, orderId: number) {
  return db
    .selectFrom('email_outbox')
    .select(['id', 'kind', 'to_email', 'subject', 'text_body', 'context', 'status'])
    .where('kind', '=', 'cancelation_notice')
    .where(sql<string>`context->>'cancelable_type'`, '=', 'order')
    .where(sql<string>`context->>'cancelable_id'`, '=', String(orderId))
    .orderBy('id')
    .execute();
}

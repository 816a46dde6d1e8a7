import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertMayActFor, clientToActFor, mayActFor } from '../../src/access/may-act-for.js';
import { scopeToCaller } from '../../src/access/scope.js';
import { notVisible, visibleRecord, type RecordRef } from '../../src/access/visibility.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { ApiError } from '../../src/protocol/errors.js';
import { createUser, type TestUser } from '../helpers/auth.js';
import { callerFor } from '../helpers/callers.js';
import { openTestDatabase } from '../helpers/database.js';
import { createOrder } from '../helpers/orders.js';

let database: DatabaseHandle;
let employee: TestUser;
let liaison: TestUser;
let client: TestUser;
let linkedClient: TestUser;
let stranger: TestUser;
/** Order ids by owner. */
let orders: { client: number; linked: number; stranger: number };

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  employee = await createUser(db, ['employee']);
  liaison = await createUser(db, ['liaison']);
  client = await createUser(db, ['client']);
  linkedClient = await createUser(db, ['client']);
  stranger = await createUser(db, ['client']);
  await db
    .insertInto('liaison_clients')
    .values([
      { liaison_id: liaison.liaisonId!, client_id: client.clientId! },
      { liaison_id: liaison.liaisonId!, client_id: linkedClient.clientId! },
    ])
    .execute();
  orders = {
    client: await createOrder(db, client.clientId!),
    linked: await createOrder(db, linkedClient.clientId!),
    stranger: await createOrder(db, stranger.clientId!),
  };
});
afterAll(async () => database?.close());

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: ApiError) => ({ status: err.status, errors: err.errors }),
  );

describe('mayActFor', () => {
  it('lets an employee act for any client, a liaison for linked clients, a client for themselves', async () => {
    const db = database.db;
    const e = callerFor(employee, 'employee');
    const l = callerFor(liaison, 'liaison');
    const c = callerFor(client, 'client');
    expect(await mayActFor(db, e, stranger.clientId!)).toBe(true);
    expect(await mayActFor(db, e, 999_999)).toBe(true);
    expect(await mayActFor(db, l, client.clientId!)).toBe(true);
    expect(await mayActFor(db, l, linkedClient.clientId!)).toBe(true);
    expect(await mayActFor(db, l, stranger.clientId!)).toBe(false);
    expect(await mayActFor(db, c, client.clientId!)).toBe(true);
    expect(await mayActFor(db, c, linkedClient.clientId!)).toBe(false);
  });

  it('refuses with client-access-denied naming the param', async () => {
    const refused = await rejection(
      assertMayActFor(database.db, callerFor(liaison, 'liaison'), stranger.clientId!, 'order.client_id'),
    );
    expect(refused).toEqual({
      status: 'client-access-denied',
      errors: [
        {
          param: 'order.client_id',
          status: 'client-access-denied',
          message: `client ${stranger.clientId} is not one of this liaison's clients`,
        },
      ],
    });
  });

  it('finds the client acted for; only an employee learns that a client id does not exist', async () => {
    const db = database.db;
    const found = await clientToActFor(db, callerFor(client, 'client'), client.clientId!);
    expect(found).toEqual({ id: client.clientId, user_id: client.userId });
    expect((await rejection(clientToActFor(db, callerFor(employee, 'employee'), 999_999))).status).toBe(
      'invalid-param',
    );
    for (const caller of [callerFor(client, 'client'), callerFor(liaison, 'liaison')]) {
      expect((await rejection(clientToActFor(db, caller, 999_999))).status).toBe('client-access-denied');
    }
  });
});

describe('scopeToCaller', () => {
  const visibleOrders = async (caller: Parameters<typeof scopeToCaller>[1]) => {
    const query = database.db
      .selectFrom('orders as o')
      .select('o.id')
      .where('o.id', 'in', Object.values(orders));
    const rows = await scopeToCaller(query, caller, 'o.client_id').orderBy('o.id').execute();
    return rows.map((r) => r.id);
  };

  it('narrows a list to the clients the caller may act for', async () => {
    expect(await visibleOrders(callerFor(employee, 'employee'))).toEqual(
      [orders.client, orders.linked, orders.stranger].sort((a, b) => a - b),
    );
    expect(await visibleOrders(callerFor(liaison, 'liaison'))).toEqual(
      [orders.client, orders.linked].sort((a, b) => a - b),
    );
    expect(await visibleOrders(callerFor(client, 'client'))).toEqual([orders.client]);
    expect(await visibleOrders(callerFor(stranger, 'client'))).toEqual([orders.stranger]);
  });
});

describe('visibleRecord', () => {
  const ref = (id: number): RecordRef => ({
    param: 'order_id',
    label: `order ${id}`,
    status: 'permission-denied',
  });
  const findOrder = (id: number) =>
    database.db.selectFrom('orders').select(['id', 'client_id']).where('id', '=', id).executeTakeFirst();
  const see = async (caller: Parameters<typeof visibleRecord>[1], id: number) =>
    visibleRecord(database.db, caller, await findOrder(id), (o) => o.client_id, ref(id));

  it('returns a record of a client the caller may act for', async () => {
    expect(await see(callerFor(liaison, 'liaison'), orders.linked)).toEqual({
      id: orders.linked,
      client_id: linkedClient.clientId,
    });
  });

  it('answers another client’s record and a missing one alike, naming the param', async () => {
    for (const caller of [callerFor(client, 'client'), callerFor(liaison, 'liaison')]) {
      const foreign = await rejection(see(caller, orders.stranger));
      const missing = await rejection(see(caller, 999_999));
      expect(foreign.status).toBe('permission-denied');
      expect(missing.status).toBe(foreign.status);
      expect(missing.errors.map((e) => e.param)).toEqual(['order_id']);
      // The messages differ only in the id the caller sent.
      expect(missing.errors[0]!.message.replace('999999', 'N')).toBe(
        foreign.errors[0]!.message.replace(String(orders.stranger), 'N'),
      );
    }
  });

  it('tells an employee, who may see any record, that an id does not exist', async () => {
    expect(await rejection(see(callerFor(employee, 'employee'), 999_999))).toEqual({
      status: 'invalid-param',
      errors: [{ param: 'order_id', status: 'invalid-param', message: 'order 999999 does not exist' }],
    });
  });

  it('answers with the status of the route family', () => {
    const err = notVisible(callerFor(client, 'client'), { ...ref(5), status: 'client-access-denied' });
    expect(err.status).toBe('client-access-denied');
    expect(err.errors).toEqual([
      { param: 'order_id', status: 'client-access-denied', message: 'order 5 is not yours' },
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { seedDemoData } from '../../src/demo/seed.js';
import { orderTotalCents } from '../../src/line-items/records.js';
import { testPasswords } from '../helpers/auth.js';
import { openTestDatabase } from '../helpers/database.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

describe('demo appointments and line items', () => {
  it('are made through the services, once', async () => {
    const db = database.db;
    await seedDemoData(db, testPasswords);
    await seedDemoData(db, testPasswords);
    const order = await db
      .selectFrom('orders')
      .select('id')
      .where('address', '=', '7 Ocean View Rd, Cape Elizabeth, ME')
      .executeTakeFirstOrThrow();
    const appointments = await db
      .selectFrom('appointments')
      .select(['status', 'duration_seconds'])
      .where('order_id', '=', order.id)
      .execute();
    expect(appointments).toEqual([{ status: 'scheduled', duration_seconds: 5400 }]);
    expect(await orderTotalCents(db, order.id)).toBe(32850);
    const created = await db
      .selectFrom('audit_events')
      .select('entity_type')
      .where('action', '=', 'create')
      .where('entity_type', 'in', ['appointment', 'line_item'])
      .execute();
    expect(created).toHaveLength(3);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.js';
import { DEMO_CANCELATION_REASONS, DEMO_USERS, seedDemoData } from '../../src/demo/seed.js';
import { testPasswords } from '../helpers/auth.js';
import { openTestDatabase } from '../helpers/database.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

describe('demo data', () => {
  it('adds the cancelation reasons and one canceled order with its history, once', async () => {
    const db = database.db;
    await seedDemoData(db, testPasswords);
    await seedDemoData(db, testPasswords);

    const reasons = await db.selectFrom('cancelation_reasons').select('slug').orderBy('slug').execute();
    expect(reasons.map((r) => r.slug)).toEqual(DEMO_CANCELATION_REASONS.map((r) => r.slug).sort());

    const cancelations = await db
      .selectFrom('cancelations as c')
      .innerJoin('orders as o', 'o.id', 'c.cancelable_id')
      .innerJoin('users as u', 'u.id', 'c.canceled_by')
      .select(['c.id', 'c.cancelable_type', 'c.active', 'c.status_before_cancel', 'o.status', 'u.email'])
      .execute();
    expect(cancelations).toEqual([
      {
        id: expect.any(Number),
        cancelable_type: 'order',
        active: true,
        status_before_cancel: 'ordered',
        status: 'canceled',
        email: DEMO_USERS.client,
      },
    ]);
    const events = await db
      .selectFrom('cancelation_events')
      .select('action')
      .where('cancelation_id', '=', cancelations[0]!.id)
      .execute();
    expect(events).toEqual([{ action: 'cancel' }]);
  });
});

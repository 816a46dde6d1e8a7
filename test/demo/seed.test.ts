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
      .select([
        'c.id',
        'c.cancelable_type',
        'c.cancelable_id',
        'c.active',
        'c.status_before_cancel',
        'o.status',
        'u.email',
      ])
      .execute();
    expect(cancelations).toEqual([
      {
        id: expect.any(Number),
        cancelable_type: 'order',
        cancelable_id: expect.any(Number),
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

    // Made and canceled through the services: its stage history and the client's email come with it.
    const stages = await db
      .selectFrom('order_stages')
      .select('stage')
      .where('order_id', '=', cancelations[0]!.cancelable_id)
      .orderBy('id')
      .execute();
    expect(stages.map((s) => s.stage)).toEqual(['new_request', 'ordered']);
    const emails = await db
      .selectFrom('email_outbox')
      .select(['kind', 'to_email'])
      .where('kind', '=', 'cancelation_notice')
      .execute();
    expect(emails).toEqual([{ kind: 'cancelation_notice', to_email: DEMO_USERS.client }]);
  });

  it('makes the demo tour and orders through the services, with their stage histories', async () => {
    const db = database.db;
    await seedDemoData(db, testPasswords);
    const orders = await db
      .selectFrom('orders as o')
      .innerJoin('clients as c', 'c.id', 'o.client_id')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['o.id', 'o.status', 'o.tour_id'])
      .where('u.email', '=', DEMO_USERS.client)
      .orderBy('o.id')
      .execute();
    expect(orders.map((o) => o.status)).toEqual(['delivered', 'new_request', 'scheduling', 'canceled']);
    const stages = await db
      .selectFrom('order_stages')
      .select(['stage', 'status_after'])
      .where('order_id', '=', orders[0]!.id)
      .orderBy('id')
      .execute();
    expect(stages.map((s) => s.stage)).toEqual([
      'new_request',
      'ordered',
      'ready_to_schedule',
      'scheduled',
      'assembly',
      'delivered',
    ]);
    const tour = await db
      .selectFrom('tours')
      .selectAll()
      .where('id', '=', orders[0]!.tour_id!)
      .executeTakeFirstOrThrow();
    expect(tour).toMatchObject({ postal_code: '04101', property_type: 'single_family' });
  });
});

describe('demo accounts', () => {
  it('give the demo client an assistant and their company branding, through the services, once', async () => {
    const db = database.db;
    await seedDemoData(db, testPasswords);
    await seedDemoData(db, testPasswords);
    const client = await db
      .selectFrom('clients as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .innerJoin('companies as co', 'co.id', 'c.company_id')
      .select(['c.id', 'c.assistant_emails', 'c.display_name', 'co.branding_name', 'co.id as company_id'])
      .where('u.email', '=', DEMO_USERS.client)
      .executeTakeFirstOrThrow();
    expect(client).toMatchObject({
      assistant_emails: ['assistant@demo-realty.example'],
      display_name: 'Casey Client Team',
      branding_name: 'Demo Realty',
    });
    const audits = await db
      .selectFrom('audit_events')
      .select(['entity_type', 'application'])
      .where((eb) =>
        eb.or([
          eb.and([eb('entity_type', '=', 'client'), eb('entity_id', '=', client.id)]),
          eb.and([eb('entity_type', '=', 'company'), eb('entity_id', '=', client.company_id)]),
        ]),
      )
      .execute();
    expect(audits).toHaveLength(2);
    const types = await db
      .selectFrom('list_items')
      .select('value')
      .where('collection', '=', 'property_type')
      .execute();
    expect(types).toHaveLength(5);
  });
});

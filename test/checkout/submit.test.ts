import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { DECLINED_NUMBER } from '../payments/helpers.js';
import {
  anOrder,
  rowCounts,
  sandboxCard,
  submit,
  submitAnOrder,
  whilePaymentWritesFail,
} from './fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('orders/authorize_and_submit with the sandbox', () => {
  it('creates the tour, the order, priced line items, requested appointments, the authorization and the emails', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const res = await submit(server, 'authorize_and_submit', {
      token: client.token,
      payment_method_id: card,
      order: anOrder({ client: { assistant_emails: ['assistant@realty.example'] } }),
    });
    expect(res.body.status).toBe('action-successful');
    const { order, payment, replayed } = res.body.data;
    expect(replayed).toBe(false);
    expect(order).toMatchObject({
      client_id: client.clientId,
      status: 'ordered',
      subtotal: 268,
      discount: 0,
      total: 268,
      promotion_code: null,
    });
    expect(order.address).toMatch(/Main St, Denver, CO 80202$/);
    expect(order.line_items).toMatchObject([
      { service_name: 'Photos', quantity: 25, price: 219, service_type_primary: true, active: true },
      { service_name: 'Exterior Photos', quantity: 3, price: 49, service_type_primary: false },
    ]);
    expect(order.total_price).toBe(268);
    expect(order.appointments).toMatchObject([
      {
        starts_at: '2026-01-09T10:00:00.000Z',
        status: 'requested',
        requested_date: '2026-01-09',
        requested_time: '10:00',
      },
    ]);
    expect(payment).toMatchObject({
      status: 'authorized',
      amount: 268,
      provider: 'sandbox',
      payment_method_id: card,
    });
    // orders/read (orders-core) shows the same order, with the stage the submit recorded.
    const read = await server.call('GET', '/api/v1/orders/read', {
      query: { token: client.token, id: String(order.id) },
    });
    expect(read.body.data.order).toMatchObject({ id: order.id, status: 'ordered' });
    expect(read.body.data.order.stages.map((s: { stage: string }) => s.stage)).toEqual(['ordered']);

    const db = server.app.context.db;
    const tour = await db
      .selectFrom('tours')
      .selectAll()
      .where('id', '=', order.tour_id)
      .executeTakeFirstOrThrow();
    expect(tour.client_id).toBe(client.clientId);
    const intent = await db.selectFrom('sandbox_intents').selectAll().executeTakeFirstOrThrow();
    expect(intent).toMatchObject({ status: 'requires_capture', amount_cents: 26_800 });
    const emails = await db
      .selectFrom('email_outbox')
      .select(['to_email', 'cc_emails'])
      .where('kind', '=', 'order_confirmation')
      .where('to_email', '=', client.email)
      .execute();
    expect(emails).toEqual([{ to_email: client.email, cc_emails: ['assistant@realty.example'] }]);
  });

  it('uses an existing tour of the client, and refuses another client’s tour', async () => {
    const client = await signedIn(server, 'client');
    const other = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const db = server.app.context.db;
    const tourOf = async (clientId: number) =>
      (
        await db
          .insertInto('tours')
          .values({ client_id: clientId, address: '9 Elm St', status: 'published', updated_at: new Date() })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const own = await tourOf(client.clientId!);
    const res = await submit(server, 'authorize_and_submit', {
      token: client.token,
      payment_method_id: card,
      order: anOrder({ property_info: { tour_id: own } }),
    });
    expect(res.body.data.order).toMatchObject({ tour_id: own, address: '9 Elm St' });
    const foreign = await submit(server, 'authorize_and_submit', {
      token: client.token,
      payment_method_id: card,
      order: anOrder({ property_info: { tour_id: await tourOf(other.clientId!) } }),
    });
    expect(foreign.body.status).toBe('invalid-param');
    expect(foreign.body.errors[0].param).toBe('order.property_info.tour_id');
  });
});

describe('orders/pay_and_submit with the sandbox', () => {
  it('captures the total at once', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const res = await submitAnOrder(server, 'pay_and_submit', client.token, card);
    expect(res.body.data.payment).toMatchObject({ status: 'captured', amount: 268 });
  });

  it('answers declined-payment for the declined test card and leaves nothing behind', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token, { card_number: DECLINED_NUMBER });
    const before = await rowCounts(server);
    const res = await submitAnOrder(server, 'pay_and_submit', client.token, card);
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('declined-payment');
    expect(await rowCounts(server)).toEqual(before);
  });
});

describe('validating the whole order', () => {
  it('names every offending param: slug, quantity, lockbox details, past appointment', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const before = await rowCounts(server);
    const res = await submit(server, 'authorize_and_submit', {
      token: client.token,
      payment_method_id: card,
      order: anOrder({
        primary_service: { slug: 'photos', quantity: 12 },
        add_on_services: [{ slug: 'drone_video', quantity: 1 }],
        property_access: {
          method_of_access: 'lockbox_code',
          onsite_contact_name: 'Jordan',
          onsite_contact_phone: '303-555-0134',
        },
        appointments: [{ requested_date: '2026-01-05', requested_time: '09:00' }],
      }),
    });
    expect(res.body.status).toBe('invalid-param');
    expect(res.body.errors.map((e: { param: string }) => e.param).sort()).toEqual(
      [
        'order.add_on_services[0].slug',
        'order.appointments[0]',
        'order.primary_service.quantity',
        'order.property_access.access_code',
        'order.property_access.lockbox_location',
      ].sort(),
    );
    expect(
      res.body.errors.find((e: { param: string }) => e.param === 'order.primary_service.quantity').message,
    ).toMatch(/one of 10, 15, 20, 25/);
    expect(await rowCounts(server)).toEqual(before);
  });

  it('checks the declaration: method_of_access from the real list, an onsite contact, at least one appointment', async () => {
    const client = await signedIn(server, 'client');
    const res = await submit(server, 'authorize_and_submit', {
      token: client.token,
      order: anOrder({
        property_access: { method_of_access: 'doorman' },
        appointments: [],
      }),
    });
    expect(res.body.errors.map((e: { param: string }) => e.param).sort()).toEqual([
      'order.appointments',
      'order.property_access.method_of_access',
      'order.property_access.onsite_contact_name',
      'order.property_access.onsite_contact_phone',
    ]);
  });

  it('needs previous_order_id of the client’s own for ai_virtual_staging', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const staging = (previous?: number) =>
      submit(server, 'authorize_and_submit', {
        token: client.token,
        payment_method_id: card,
        order: anOrder({
          primary_service: {
            slug: 'ai_virtual_staging',
            quantity: 1,
            ...(previous ? { previous_order_id: previous } : {}),
          },
          add_on_services: [],
        }),
      });
    const missing = await staging();
    expect(missing.body.status).toBe('missing-param');
    expect(missing.body.errors[0].param).toBe('order.primary_service.previous_order_id');
    const first = await submitAnOrder(server, 'authorize_and_submit', client.token, card);
    const ok = await staging(first.body.data.order.id);
    expect(ok.body.data.order.total).toBe(24.5);
    expect((await staging(999_999)).body.errors[0].param).toBe('order.primary_service.previous_order_id');
  });

  it('refuses a payment method of another client and an add-on as primary service', async () => {
    const client = await signedIn(server, 'client');
    const other = await signedIn(server, 'client');
    const otherCard = await sandboxCard(server, other.token);
    const res = await submitAnOrder(server, 'authorize_and_submit', client.token, otherCard);
    expect(res.body.errors[0].param).toBe('payment_method_id');
    const addOn = await submit(server, 'authorize_and_submit', {
      token: client.token,
      order: anOrder({ primary_service: { slug: 'exterior_photos', quantity: 3 } }),
    });
    expect(addOn.body.errors[0].param).toBe('order.primary_service.slug');
  });
});

describe('promotions', () => {
  it('takes 10 % off with WELCOME10 once per user, then answers promotion-expended', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const first = await submit(server, 'pay_and_submit', {
      token: client.token,
      payment_method_id: card,
      promotion_code: 'welcome10',
      order: anOrder(),
    });
    expect(first.body.data.order).toMatchObject({
      subtotal: 268,
      discount: 26.8,
      total: 241.2,
      promotion_code: 'WELCOME10',
    });
    expect(first.body.data.payment.amount).toBe(241.2);
    const again = await submit(server, 'pay_and_submit', {
      token: client.token,
      payment_method_id: card,
      promotion_code: 'WELCOME10',
      order: anOrder(),
    });
    expect(again.body.status).toBe('promotion-expended');
    expect(again.body.errors[0].param).toBe('promotion_code');
  });

  it('gives a once-per-user promotion to one of two concurrent submits, voiding the other’s charge', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const db = server.app.context.db;
    const before = await db.selectFrom('sandbox_intents').select('id').execute();
    const replies = await Promise.all(
      [anOrder(), anOrder()].map((order) =>
        submit(server, 'authorize_and_submit', {
          token: client.token,
          payment_method_id: card,
          promotion_code: 'WELCOME10',
          order,
        }),
      ),
    );
    expect(replies.map((r) => r.body.status).sort()).toEqual(['action-successful', 'promotion-expended']);
    const intents = await db
      .selectFrom('sandbox_intents')
      .select('status')
      .where('id', 'not in', before.length ? before.map((i) => i.id) : [''])
      .execute();
    // The loser was either refused before charging, or charged and then voided.
    expect(intents.filter((i) => i.status === 'requires_capture')).toHaveLength(1);
    expect(intents.filter((i) => i.status !== 'requires_capture' && i.status !== 'canceled')).toHaveLength(0);
    expect(
      await db.selectFrom('orders').select('id').where('client_id', '=', client.clientId!).execute(),
    ).toHaveLength(1);
  });

  it('answers invalid-promotion for unknown, inactive, expired and other-designation codes', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const db = server.app.context.db;
    await db
      .insertInto('promotions')
      .values([
        { code: 'OLD5', name: 'Old', amount_off_cents: 500, ends_at: new Date('2025-12-31T00:00:00Z') },
        { code: 'OFF5', name: 'Off', amount_off_cents: 500, active: false },
        { code: 'TEAM20', name: 'Team', percent_off: 20, designation_id: 7 },
      ])
      .execute();
    for (const code of ['NOPE', 'OLD5', 'OFF5', 'TEAM20']) {
      const res = await submit(server, 'authorize_and_submit', {
        token: client.token,
        payment_method_id: card,
        promotion_code: code,
        order: anOrder(),
      });
      expect({ code, status: res.body.status }).toEqual({ code, status: 'invalid-promotion' });
    }
  });

  it('takes a designation’s code for a client of a company with that designation', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const db = server.app.context.db;
    const company = await db
      .insertInto('companies')
      .values({ name: 'Team Realty', designation_id: 8 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('clients')
      .set({ company_id: company.id })
      .where('id', '=', client.clientId!)
      .execute();
    await db
      .insertInto('promotions')
      .values({ code: 'TEAM8', name: 'Team 8', percent_off: 20, designation_id: 8 })
      .execute();
    const res = await submit(server, 'authorize_and_submit', {
      token: client.token,
      payment_method_id: card,
      promotion_code: 'TEAM8',
      order: anOrder(),
    });
    expect(res.body.data.order).toMatchObject({ discount: 53.6, total: 214.4 });
  });

  it('takes a fixed amount off, never below zero, and needs no card when the total is 0', async () => {
    const client = await signedIn(server, 'client');
    await server.app.context.db
      .insertInto('promotions')
      .values({ code: 'FREE1000', name: 'Free', amount_off_cents: 100_000 })
      .execute();
    const res = await submit(server, 'authorize_and_submit', {
      token: client.token,
      promotion_code: 'FREE1000',
      order: anOrder(),
    });
    expect(res.body.data.order).toMatchObject({ subtotal: 268, discount: 268, total: 0 });
    expect(res.body.data.payment).toBeNull();
  });
});

describe('never twice', () => {
  it('returns the first order for a retry with the same key, and duplicate-payment for other params', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const order = anOrder();
    const first = await submit(server, 'pay_and_submit', {
      token: client.token,
      payment_method_id: card,
      order,
    });
    const before = await rowCounts(server);
    const retry = await submit(server, 'pay_and_submit', {
      token: client.token,
      payment_method_id: card,
      order,
    });
    expect(retry.body.data.replayed).toBe(true);
    expect(retry.body.data.order.id).toBe(first.body.data.order.id);
    expect(retry.body.data.payment.id).toBe(first.body.data.payment.id);
    expect(await rowCounts(server)).toEqual(before);
    const changed = await submit(server, 'pay_and_submit', {
      token: client.token,
      payment_method_id: card,
      order: { ...order, add_on_services: [] },
    });
    expect(changed.body.status).toBe('duplicate-payment');
    expect(await rowCounts(server)).toEqual(before);
  });

  it('treats the same request without a key within 10 minutes as a retry, later as a new order', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const { key: _key, ...order } = anOrder({
      appointments: [{ requested_date: '2026-02-09', requested_time: '10:00' }],
    });
    const params = { token: client.token, payment_method_id: card, order };
    const first = await submit(server, 'authorize_and_submit', params);
    const again = await submit(server, 'authorize_and_submit', params);
    expect(again.body.data).toMatchObject({ replayed: true, order: { id: first.body.data.order.id } });
    server.clock.advance(11 * 60_000);
    try {
      const later = await submit(server, 'authorize_and_submit', params);
      expect(later.body.data.replayed).toBe(false);
      expect(later.body.data.order.id).not.toBe(first.body.data.order.id);
    } finally {
      server.clock.advance(-11 * 60_000);
    }
  });

  it('makes one order and one charge of 50 concurrent submits with one key', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const order = anOrder();
    const intentsBefore = (await server.app.context.db.selectFrom('sandbox_intents').select('id').execute())
      .length;
    const replies = await Promise.all(
      Array.from({ length: 50 }, () =>
        submit(server, 'pay_and_submit', { token: client.token, payment_method_id: card, order }),
      ),
    );
    expect(replies.map((r) => r.body.status)).toEqual(Array(50).fill('action-successful'));
    expect(new Set(replies.map((r) => r.body.data.order.id)).size).toBe(1);
    expect(replies.filter((r) => !r.body.data.replayed)).toHaveLength(1);
    const db = server.app.context.db;
    expect(
      await db.selectFrom('orders').select('id').where('client_id', '=', client.clientId!).execute(),
    ).toHaveLength(1);
    expect((await db.selectFrom('sandbox_intents').select('id').execute()).length).toBe(intentsBefore + 1);
  });
});

describe('who may submit', () => {
  it('lets an employee submit for a client, and refuses a liaison not linked to the client', async () => {
    const employee = await signedIn(server, 'employee');
    const liaison = await signedIn(server, 'liaison');
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const res = await submit(server, 'authorize_and_submit', {
      token: employee.token,
      payment_method_id: card,
      order: anOrder({ client: { id: client.clientId } }),
    });
    expect(res.body.data.order.client_id).toBe(client.clientId);
    const unnamed = await submit(server, 'authorize_and_submit', {
      token: employee.token,
      payment_method_id: card,
      order: anOrder(),
    });
    expect(unnamed.body.status).toBe('missing-param');
    expect(unnamed.body.errors[0].param).toBe('order.client.id');
    const refused = await submit(server, 'authorize_and_submit', {
      token: liaison.token,
      payment_method_id: card,
      order: anOrder({ client: { id: client.clientId } }),
    });
    expect(refused.body.status).toBe('client-access-denied');
  });
});

describe('all or nothing', () => {
  it('voids the authorization and writes nothing when a write after the charge fails', async () => {
    const client = await signedIn(server, 'client');
    const card = await sandboxCard(server, client.token);
    const db = server.app.context.db;
    await whilePaymentWritesFail(server, async () => {
      const before = await rowCounts(server);
      const authorized = await submitAnOrder(server, 'authorize_and_submit', client.token, card);
      expect(authorized.body.status).toBe('application-crash');
      const paid = await submitAnOrder(server, 'pay_and_submit', client.token, card);
      expect(paid.body.status).toBe('application-crash');
      expect(await rowCounts(server)).toEqual(before);
      const intents = await db
        .selectFrom('sandbox_intents')
        .select(['status', 'amount_cents', 'refunded_cents'])
        .orderBy('created_at', 'desc')
        .limit(2)
        .execute();
      expect(intents).toEqual(
        expect.arrayContaining([
          { status: 'canceled', amount_cents: 26_800, refunded_cents: 0 },
          { status: 'succeeded', amount_cents: 26_800, refunded_cents: 26_800 },
        ]),
      );
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settlementFor, settlePayments } from '../../src/payments/settlement.js';
import { signedIn } from '../helpers/auth.js';
import { startFakeStripe, stripeConfigFor, type FakeStripe } from '../helpers/fake-stripe.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { anOrder, sandboxCard, submit } from '../checkout/fixtures.js';
import { createPaymentMethod } from './helpers.js';

describe('settlementFor', () => {
  it('captures on delivery, voids or takes the fee on cancel, refunds a capture minus the fee', () => {
    const payment = (status: 'authorized' | 'captured', refundedCents = 0) => ({
      status,
      amountCents: 26_800,
      refundedCents,
    });
    const free = { feeCents: 0 };
    const onSite = { feeCents: 10_000 };
    expect(settlementFor({ payment: payment('authorized'), orderStatus: 'delivered', ...free })).toEqual({
      kind: 'capture',
      amountCents: 26_800,
    });
    expect(settlementFor({ payment: payment('captured'), orderStatus: 'delivered', ...free })).toBeNull();
    expect(settlementFor({ payment: payment('authorized'), orderStatus: 'ordered', ...free })).toBeNull();
    expect(settlementFor({ payment: payment('authorized'), orderStatus: 'canceled', ...free })).toEqual({
      kind: 'void',
    });
    expect(settlementFor({ payment: payment('authorized'), orderStatus: 'canceled', ...onSite })).toEqual({
      kind: 'capture',
      amountCents: 10_000,
    });
    expect(settlementFor({ payment: payment('captured'), orderStatus: 'canceled', ...free })).toEqual({
      kind: 'refund',
      amountCents: 26_800,
    });
    expect(settlementFor({ payment: payment('captured', 800), orderStatus: 'canceled', ...onSite })).toEqual({
      kind: 'refund',
      amountCents: 16_000,
    });
    expect(
      settlementFor({ payment: payment('authorized'), orderStatus: 'canceled', feeCents: 99_999 }),
    ).toEqual({ kind: 'capture', amountCents: 26_800 });
  });
});

describe.each(['sandbox', 'stripe'] as const)('settling payments (%s)', (provider) => {
  let server: TestServer;
  let stripe: FakeStripe | undefined;
  beforeAll(async () => {
    if (provider === 'stripe') stripe = await startFakeStripe();
    server = await startTestServer(stripe ? { config: { payments: stripeConfigFor(stripe) } } : {});
  });
  afterAll(async () => {
    await server?.close();
    await stripe?.close();
  });

  let pmCount = 0;
  async function card(token: string) {
    if (!stripe) return sandboxCard(server, token);
    const pm = `pm_settle_${++pmCount}`;
    stripe.addPaymentMethod(pm, {});
    return (await createPaymentMethod(server, token, { provider_payment_method_id: pm })).body.data
      .payment_method.id as number;
  }

  const settle = () => settlePayments(server.app.context);
  const paymentOf = (orderId: number) =>
    server.app.context.db
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();

  async function submitted(route: 'authorize_and_submit' | 'pay_and_submit', appointment = '2026-01-09') {
    const client = await signedIn(server, 'client');
    const res = await submit(server, route, {
      token: client.token,
      payment_method_id: await card(client.token),
      order: anOrder({ appointments: [{ requested_date: appointment, requested_time: '10:00' }] }),
    });
    return res.body.data.order.id as number;
  }

  async function cancelOrder(orderId: number) {
    const employee = await signedIn(server, 'employee');
    const res = await server.call('POST', '/api/v1/cancelations/create', {
      json: { token: employee.token, cancelable_type: 'order', cancelable_id: orderId },
    });
    expect(res.body.status).toBe('action-successful');
  }

  it('captures an authorization when its order is delivered, once', async () => {
    const orderId = await submitted('authorize_and_submit');
    await server.app.context.db
      .updateTable('orders')
      .set({ status: 'delivered' })
      .where('id', '=', orderId)
      .execute();
    expect(await settle()).toBeGreaterThanOrEqual(1);
    expect(await paymentOf(orderId)).toMatchObject({ status: 'captured', amount_cents: 26_800 });
    expect(await settle()).toBe(0);
    if (stripe) {
      const intent = stripe.intents.get((await paymentOf(orderId)).provider_intent_id)!;
      expect(intent).toMatchObject({ status: 'succeeded', amount_received: 26_800 });
    }
  });

  it('voids an authorization canceled more than 24 h ahead', async () => {
    const orderId = await submitted('authorize_and_submit');
    await cancelOrder(orderId);
    await settle();
    expect((await paymentOf(orderId)).status).toBe('canceled');
  });

  it('captures only the $50 same-day fee (the cancel’s fee line item) of an authorization canceled within 24 h', async () => {
    // The test clock reads 2026-01-05T12:00Z; the appointment is 22 hours later.
    const orderId = await submitted('authorize_and_submit', '2026-01-06');
    await cancelOrder(orderId);
    await settle();
    expect(await paymentOf(orderId)).toMatchObject({ status: 'captured', amount_cents: 5_000 });
    expect(await settle()).toBe(0);
  });

  it('refunds a paid order canceled more than 24 h ahead in full', async () => {
    const orderId = await submitted('pay_and_submit');
    await cancelOrder(orderId);
    await settle();
    expect(await paymentOf(orderId)).toMatchObject({ status: 'refunded', refunded_cents: 26_800 });
    if (stripe)
      expect(stripe.intents.get((await paymentOf(orderId)).provider_intent_id)!.refunded).toBe(26_800);
  });
});

describe('the sandbox provider', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('refunds once per idempotency key, however often the call is repeated', async () => {
    const client = await signedIn(server, 'client');
    const res = await submit(server, 'pay_and_submit', {
      token: client.token,
      payment_method_id: await sandboxCard(server, client.token),
      order: anOrder(),
    });
    const db = server.app.context.db;
    const { provider_intent_id: intent } = await db
      .selectFrom('payments')
      .select('provider_intent_id')
      .where('order_id', '=', res.body.data.order.id)
      .executeTakeFirstOrThrow();
    await server.app.context.payments.refund(intent, 1_000, 'refund-once');
    await server.app.context.payments.refund(intent, 1_000, 'refund-once');
    const row = await db
      .selectFrom('sandbox_intents')
      .select('refunded_cents')
      .where('id', '=', intent)
      .executeTakeFirstOrThrow();
    expect(row.refunded_cents).toBe(1_000);
  });
});

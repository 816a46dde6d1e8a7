import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/auth.js';
import {
  startFakeStripe,
  stripeConfigFor,
  type CardBehaviour,
  type FakeStripe,
} from '../helpers/fake-stripe.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createPaymentMethod } from '../payments/helpers.js';
import { anOrder, rowCounts, submit, submitAnOrder, whilePaymentWritesFail } from './fixtures.js';

let server: TestServer;
let stripe: FakeStripe;
beforeAll(async () => {
  stripe = await startFakeStripe();
  server = await startTestServer({
    config: { payments: stripeConfigFor(stripe) },
  });
});
afterAll(async () => {
  await server?.close();
  await stripe?.close();
});

let cards = 0;
/** A fresh Stripe.js payment method (ids belong to one customer) that charges as `behaviour` says. */
async function stripeCard(token: string, behaviour: CardBehaviour = 'ok'): Promise<number> {
  const pm = `pm_test_${++cards}`;
  stripe.addPaymentMethod(pm, { behaviour, brand: 'visa', last4: '4242' });
  const res = await createPaymentMethod(server, token, { provider_payment_method_id: pm });
  if (res.body.status !== 'action-successful') throw new Error(JSON.stringify(res.body));
  return res.body.data.payment_method.id as number;
}

const intentCreates = () =>
  stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents');

describe('checkout through Stripe (local fake)', () => {
  it('authorizes with a manual-capture PaymentIntent and an idempotency key', async () => {
    const client = await signedIn(server, 'client');
    const card = await stripeCard(client.token);
    const res = await submitAnOrder(server, 'authorize_and_submit', client.token, card);
    expect(res.body.data.payment).toMatchObject({ status: 'authorized', amount: 268, provider: 'stripe' });
    const request = intentCreates().at(-1)!;
    expect(request.params).toMatchObject({
      amount: '26800',
      currency: 'usd',
      capture_method: 'manual',
      confirm: 'true',
      payment_method: `pm_test_${cards}`,
    });
    expect(request.idempotencyKey).toMatch(/^planocore-submit-\d+$/);
    const intentId = await server.app.context.db
      .selectFrom('payments')
      .select('provider_intent_id')
      .where('order_id', '=', res.body.data.order.id)
      .executeTakeFirstOrThrow();
    expect(stripe.intents.get(intentId.provider_intent_id)?.status).toBe('requires_capture');
  });

  it('charges at once with pay_and_submit', async () => {
    const client = await signedIn(server, 'client');
    const card = await stripeCard(client.token);
    const res = await submitAnOrder(server, 'pay_and_submit', client.token, card);
    expect(res.body.data.payment).toMatchObject({ status: 'captured', amount: 268 });
    expect(intentCreates().at(-1)!.params.capture_method).toBe('automatic');
  });

  it('answers declined-payment and card-number-invalid from Stripe’s card errors, leaving nothing', async () => {
    const client = await signedIn(server, 'client');
    const declinedCard = await stripeCard(client.token, 'decline');
    const wrongNumber = await stripeCard(client.token, 'incorrect_number');
    const before = await rowCounts(server);
    const declined = await submitAnOrder(server, 'pay_and_submit', client.token, declinedCard);
    expect(declined.body.status).toBe('declined-payment');
    const invalid = await submitAnOrder(server, 'pay_and_submit', client.token, wrongNumber);
    expect(invalid.body.status).toBe('card-number-invalid');
    expect(await rowCounts(server)).toEqual(before);
  });

  it('charges one kept card for several orders: it is attached to the client’s Customer', async () => {
    const client = await signedIn(server, 'client');
    const card = await stripeCard(client.token);
    const first = await submitAnOrder(server, 'pay_and_submit', client.token, card);
    const second = await submitAnOrder(server, 'pay_and_submit', client.token, card);
    expect([first.body.status, second.body.status]).toEqual(['action-successful', 'action-successful']);
    const customer = intentCreates().at(-1)!.params.customer;
    expect(customer).toMatch(/^cus_/);
    expect(intentCreates().at(-2)!.params.customer).toBe(customer);
  });

  it('sends one PaymentIntent for a retried submit', async () => {
    const client = await signedIn(server, 'client');
    const card = await stripeCard(client.token);
    const order = anOrder();
    const count = intentCreates().length;
    await submit(server, 'pay_and_submit', { token: client.token, payment_method_id: card, order });
    const again = await submit(server, 'pay_and_submit', {
      token: client.token,
      payment_method_id: card,
      order,
    });
    expect(again.body.data.replayed).toBe(true);
    expect(intentCreates().length).toBe(count + 1);
  });

  it('cancels the authorization at Stripe, or refunds the charge, when a write after it fails', async () => {
    const client = await signedIn(server, 'client');
    const card = await stripeCard(client.token);
    await whilePaymentWritesFail(server, async () => {
      const before = await rowCounts(server);
      const authorized = await submitAnOrder(server, 'authorize_and_submit', client.token, card);
      expect(authorized.body.status).toBe('application-crash');
      const canceled = stripe.requests.at(-1)!;
      expect(canceled.path).toMatch(/^\/v1\/payment_intents\/pi_\w+\/cancel$/);
      expect(stripe.intents.get(canceled.path.split('/')[3]!)?.status).toBe('canceled');
      const paid = await submitAnOrder(server, 'pay_and_submit', client.token, card);
      expect(paid.body.status).toBe('application-crash');
      const refund = stripe.requests.at(-1)!;
      expect(refund).toMatchObject({ path: '/v1/refunds', params: { amount: '26800' } });
      expect(stripe.intents.get(refund.params.payment_intent!)?.refunded).toBe(26_800);
      expect(await rowCounts(server)).toEqual(before);
    });
  });
});

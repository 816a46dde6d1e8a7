import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/auth.js';
import { startFakeStripe, stripeConfigFor, type FakeStripe } from '../helpers/fake-stripe.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { createPaymentMethod, DECLINED_NUMBER, SANDBOX_CARD } from './helpers.js';

describe('payment methods with the built-in sandbox', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('keeps brand, last4 and expiry of a test card, never its number', async () => {
    const client = await signedIn(server, 'client');
    const res = await createPaymentMethod(server, client.token, {
      ...SANDBOX_CARD,
      card_number: '4242 4242 4242 4242',
    });
    expect(res.body.status).toBe('action-successful');
    expect(res.body.data.payment_method).toMatchObject({
      client_id: client.clientId,
      provider: 'sandbox',
      brand: 'visa',
      last4: '4242',
      expiry: '12/2030',
    });
    expect(JSON.stringify(res.body)).not.toContain('4242424242424242');
    const stored = await server.app.context.db.selectFrom('payment_methods').selectAll().execute();
    const sandbox = await server.app.context.db.selectFrom('sandbox_cards').selectAll().execute();
    expect(JSON.stringify([stored, sandbox])).not.toMatch(/42424242|123"/);

    const list = await server.call('GET', '/api/v1/payment_methods/list', { query: { token: client.token } });
    expect(list.body.data.payment_methods.map((m: { id: number }) => m.id)).toEqual([
      res.body.data.payment_method.id,
    ]);
  });

  it('answers card-number-invalid for a number failing its check digit, and stores nothing', async () => {
    const client = await signedIn(server, 'client');
    const before = await server.app.context.db.selectFrom('sandbox_cards').select('id').execute();
    const res = await createPaymentMethod(server, client.token, {
      ...SANDBOX_CARD,
      card_number: '4242424242424241',
    });
    expect(res.http).toBe(400);
    expect(res.body.status).toBe('card-number-invalid');
    expect(res.body.errors[0].param).toBe('card_number');
    expect(await server.app.context.db.selectFrom('sandbox_cards').select('id').execute()).toHaveLength(
      before.length,
    );
  });

  it('takes the declined test card (it is declined when charged), and refuses an expired card', async () => {
    const client = await signedIn(server, 'client');
    const declined = await createPaymentMethod(server, client.token, {
      ...SANDBOX_CARD,
      card_number: DECLINED_NUMBER,
    });
    expect(declined.body.data.payment_method.last4).toBe('0002');
    // The test clock reads 2026-01-05: a card that expired in December 2025.
    const expired = await createPaymentMethod(server, client.token, { ...SANDBOX_CARD, exp_year: 2025 });
    expect(expired.body.status).toBe('invalid-param');
    expect(expired.body.errors[0].param).toBe('exp_year');
  });

  it('needs the expiry and cvc with a number, and a number or an id at all', async () => {
    const client = await signedIn(server, 'client');
    const partial = await createPaymentMethod(server, client.token, {
      card_number: SANDBOX_CARD.card_number,
    });
    expect(partial.body.status).toBe('invalid-param');
    expect(partial.body.errors[0].message).toMatch(/needs exp_month and exp_year and cvc/);
    const none = await createPaymentMethod(server, client.token, {});
    expect(none.body.status).toBe('missing-param');
    expect(none.body.errors[0].param).toBe('card_number');
  });

  it('lets a client destroy only their own card; another client gets permission-denied', async () => {
    const owner = await signedIn(server, 'client');
    const other = await signedIn(server, 'client');
    const made = await createPaymentMethod(server, owner.token, SANDBOX_CARD);
    const id = made.body.data.payment_method.id;
    const refused = await server.call('POST', '/api/v1/payment_methods/destroy', {
      json: { token: other.token, id },
    });
    expect(refused.body.status).toBe('permission-denied');
    const otherList = await server.call('GET', '/api/v1/payment_methods/list', {
      query: { token: other.token },
    });
    expect(otherList.body.data.payment_methods).toEqual([]);
    const done = await server.call('POST', '/api/v1/payment_methods/destroy', {
      json: { token: owner.token, id },
    });
    expect(done.body.status).toBe('action-successful');
    const list = await server.call('GET', '/api/v1/payment_methods/list', { query: { token: owner.token } });
    expect(list.body.data.payment_methods).toEqual([]);
  });

  it('lets an employee add a card for a client named by client_id, and requires the name', async () => {
    const employee = await signedIn(server, 'employee');
    const client = await signedIn(server, 'client');
    const unnamed = await createPaymentMethod(server, employee.token, SANDBOX_CARD);
    expect(unnamed.body.status).toBe('missing-param');
    const res = await createPaymentMethod(server, employee.token, {
      ...SANDBOX_CARD,
      client_id: client.clientId,
    });
    expect(res.body.data.payment_method.client_id).toBe(client.clientId);
  });
});

describe('payment methods with Stripe (local fake)', () => {
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

  it('retrieves the Stripe.js payment method and keeps only what may be shown', async () => {
    const client = await signedIn(server, 'client');
    const res = await createPaymentMethod(server, client.token, {
      provider_payment_method_id: 'pm_card_mastercard',
    });
    expect(res.body.data.payment_method).toMatchObject({
      provider: 'stripe',
      brand: 'mastercard',
      last4: '4444',
      expiry: '03/2031',
    });
    expect(stripe.requests.slice(-3).map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/customers',
      'GET /v1/payment_methods/pm_card_mastercard',
      'POST /v1/payment_methods/pm_card_mastercard/attach',
    ]);
  });

  it('makes one Customer per client, attaches each card to it, and detaches a destroyed card', async () => {
    const client = await signedIn(server, 'client');
    stripe.addPaymentMethod('pm_customer_a', {});
    stripe.addPaymentMethod('pm_customer_b', {});
    const a = await createPaymentMethod(server, client.token, {
      provider_payment_method_id: 'pm_customer_a',
    });
    await createPaymentMethod(server, client.token, { provider_payment_method_id: 'pm_customer_b' });
    const attaches = stripe.requests.filter((r) => /pm_customer_\w\/attach$/.test(r.path));
    expect(attaches.map((r) => r.path)).toEqual([
      '/v1/payment_methods/pm_customer_a/attach',
      '/v1/payment_methods/pm_customer_b/attach',
    ]);
    expect(new Set(attaches.map((r) => r.params.customer)).size).toBe(1);
    const customers = stripe.requests.filter((r) => r.path === '/v1/customers');
    expect(customers.filter((r) => r.params.email === client.email)).toHaveLength(1);
    const destroyed = await server.call('POST', '/api/v1/payment_methods/destroy', {
      json: { token: client.token, id: a.body.data.payment_method.id },
    });
    expect(destroyed.body.status).toBe('action-successful');
    expect(stripe.requests.at(-1)!.path).toBe('/v1/payment_methods/pm_customer_a/detach');
  });

  it('refuses an unknown payment method id and card numbers (they go to Stripe.js)', async () => {
    const client = await signedIn(server, 'client');
    const unknown = await createPaymentMethod(server, client.token, {
      provider_payment_method_id: 'pm_nope',
    });
    expect(unknown.body.status).toBe('invalid-param');
    expect(unknown.body.errors[0].param).toBe('provider_payment_method_id');
    const number = await createPaymentMethod(server, client.token, SANDBOX_CARD);
    expect(number.body.status).toBe('invalid-param');
    expect(number.body.errors[0].param).toBe('card_number');
  });
});

describe('payments in production without a Stripe key', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { nodeEnv: 'production' } });
  });
  afterAll(async () => server?.close());

  it('refuses the sandbox: payments-unavailable', async () => {
    const client = await signedIn(server, 'client');
    const res = await createPaymentMethod(server, client.token, SANDBOX_CARD);
    expect(res.http).toBe(503);
    expect(res.body.status).toBe('payments-unavailable');
  });
});

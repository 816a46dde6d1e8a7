import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What charging a payment method does: succeed, decline (card_declined), or an incorrect number. */
export type CardBehaviour = 'ok' | 'decline' | 'incorrect_number';

interface FakeCard {
  /** The Customer it is attached to; a method without one can be charged once only (as at Stripe). */
  customer?: string | null;
  used?: boolean;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  behaviour: CardBehaviour;
}

export interface FakeIntent {
  id: string;
  amount: number;
  amount_received: number;
  payment_method: string;
  capture_method: string;
  status: 'requires_capture' | 'succeeded' | 'canceled';
  refunded: number;
}

export interface StripeRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  readonly params: Record<string, string>;
}

export interface FakeStripe {
  /** API root for STRIPE_API_BASE. */
  readonly url: string;
  readonly secretKey: string;
  /** Every request received, in order. */
  readonly requests: StripeRequest[];
  readonly intents: Map<string, FakeIntent>;
  /** Customers created, by id (their email). */
  readonly customers: Map<string, string>;
  /** A payment method as Stripe.js would have made it. */
  addPaymentMethod(id: string, card: Partial<FakeCard>): void;
  close(): Promise<void>;
}

/**
 * A stand-in for the few Stripe endpoints PlanoCore uses, on a loopback port: payment_methods
 * retrieve, payment_intents create/capture/cancel, refunds create. It answers in Stripe's shapes
 * (errors `{ error: { type, code, … } }` with Stripe's HTTP codes) and replays a repeated
 * Idempotency-Key with the first answer, as Stripe does. Known methods: `pm_card_visa`,
 * `pm_card_mastercard`, `pm_card_chargeDeclined`, `pm_card_incorrectNumber`.
 */
export async function startFakeStripe(secretKey = 'sk_test_fake'): Promise<FakeStripe> {
  const requests: StripeRequest[] = [];
  const intents = new Map<string, FakeIntent>();
  const customers = new Map<string, string>();
  const replies = new Map<string, { status: number; body: unknown }>();
  const cards = new Map<string, FakeCard>([
    ['pm_card_visa', { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034, behaviour: 'ok' }],
    [
      'pm_card_mastercard',
      { brand: 'mastercard', last4: '4444', exp_month: 3, exp_year: 2031, behaviour: 'ok' },
    ],
    [
      'pm_card_chargeDeclined',
      { brand: 'visa', last4: '0002', exp_month: 12, exp_year: 2034, behaviour: 'decline' },
    ],
    [
      'pm_card_incorrectNumber',
      { brand: 'visa', last4: '4241', exp_month: 12, exp_year: 2034, behaviour: 'incorrect_number' },
    ],
  ]);

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, apiError('api_error', String(err))));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const header = req.headers['idempotency-key'];
    const idempotencyKey = Array.isArray(header) ? header[0] : header;
    requests.push({ method: req.method ?? '', path: url.pathname, idempotencyKey, params });
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return send(res, 401, apiError('invalid_request_error', 'Invalid API Key provided'));
    }
    const replayKey =
      idempotencyKey && req.method === 'POST' ? `${url.pathname} ${idempotencyKey}` : undefined;
    const replay = replayKey ? replies.get(replayKey) : undefined;
    if (replay) return send(res, replay.status, replay.body, true);
    const answer = route(req.method ?? '', url.pathname, params);
    if (replayKey) replies.set(replayKey, answer);
    return send(res, answer.status, answer.body);
  }

  function route(method: string, path: string, p: Record<string, string>): { status: number; body: unknown } {
    let m: RegExpMatchArray | null;
    if (method === 'GET' && (m = path.match(/^\/v1\/payment_methods\/([^/]+)$/))) {
      const card = cards.get(m[1]!);
      if (!card) return missing('payment_method', m[1]!);
      return ok(methodView(m[1]!, card));
    }
    if (method === 'POST' && path === '/v1/customers') {
      const id = `cus_${randomBytes(7).toString('hex')}`;
      customers.set(id, p.email ?? '');
      return ok({ id, object: 'customer', email: p.email ?? null });
    }
    if (method === 'POST' && (m = path.match(/^\/v1\/payment_methods\/([^/]+)\/(attach|detach)$/))) {
      const card = cards.get(m[1]!);
      if (!card) return missing('payment_method', m[1]!);
      if (m[2] === 'attach') {
        if (!customers.has(p.customer ?? '')) return missing('customer', p.customer ?? '');
        if (card.used || (card.customer && card.customer !== p.customer)) {
          return {
            status: 400,
            body: apiError(
              'invalid_request_error',
              'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.',
            ),
          };
        }
        card.customer = p.customer!;
      } else {
        card.customer = null;
        card.used = true; // a detached method may not be used again
      }
      return ok(methodView(m[1]!, card));
    }
    if (method === 'POST' && path === '/v1/payment_intents') {
      const card = cards.get(p.payment_method ?? '');
      if (!card) return missing('payment_method', p.payment_method ?? '');
      if ((card.customer ?? null) !== (p.customer ?? null) || (!card.customer && card.used)) {
        return {
          status: 400,
          body: apiError(
            'invalid_request_error',
            'The provided PaymentMethod was previously used or does not belong to this Customer.',
            'payment_method_unexpected_state',
          ),
        };
      }
      card.used = true;
      const amount = Number(p.amount);
      if (!Number.isInteger(amount) || amount < 50) {
        return {
          status: 400,
          body: apiError('invalid_request_error', 'Amount must be at least $0.50 usd', 'amount_too_small'),
        };
      }
      const intent: FakeIntent = {
        id: `pi_${randomBytes(8).toString('hex')}`,
        amount,
        amount_received: 0,
        payment_method: p.payment_method!,
        capture_method: p.capture_method ?? 'automatic',
        status: 'requires_capture',
        refunded: 0,
      };
      if (card.behaviour !== 'ok') {
        const code = card.behaviour === 'decline' ? 'card_declined' : 'incorrect_number';
        const message =
          card.behaviour === 'decline' ? 'Your card was declined.' : 'Your card number is incorrect.';
        return {
          status: 402,
          body: {
            error: {
              type: 'card_error',
              code,
              decline_code: card.behaviour === 'decline' ? 'generic_decline' : undefined,
              message,
            },
          },
        };
      }
      if (intent.capture_method !== 'manual') {
        intent.status = 'succeeded';
        intent.amount_received = amount;
      }
      intents.set(intent.id, intent);
      return ok(intentView(intent));
    }
    if (method === 'POST' && (m = path.match(/^\/v1\/payment_intents\/([^/]+)\/(capture|cancel)$/))) {
      const intent = intents.get(m[1]!);
      if (!intent) return missing('payment_intent', m[1]!);
      if (intent.status !== 'requires_capture') {
        return {
          status: 400,
          body: apiError(
            'invalid_request_error',
            `This PaymentIntent is ${intent.status}`,
            'payment_intent_unexpected_state',
          ),
        };
      }
      if (m[2] === 'capture') {
        intent.status = 'succeeded';
        intent.amount_received =
          p.amount_to_capture === undefined ? intent.amount : Number(p.amount_to_capture);
      } else intent.status = 'canceled';
      return ok(intentView(intent));
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = intents.get(p.payment_intent ?? '');
      if (!intent) return missing('payment_intent', p.payment_intent ?? '');
      const amount = p.amount === undefined ? intent.amount_received - intent.refunded : Number(p.amount);
      if (intent.status !== 'succeeded' || amount > intent.amount_received - intent.refunded) {
        return {
          status: 400,
          body: apiError('invalid_request_error', 'Refund exceeds the charge', 'charge_already_refunded'),
        };
      }
      intent.refunded += amount;
      return ok({
        id: `re_${randomBytes(8).toString('hex')}`,
        object: 'refund',
        amount,
        payment_intent: intent.id,
        status: 'succeeded',
      });
    }
    return {
      status: 404,
      body: apiError('invalid_request_error', `Unrecognized request URL (${method}: ${path})`),
    };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    requests,
    intents,
    customers,
    addPaymentMethod(id, card) {
      cards.set(id, {
        brand: 'visa',
        last4: '4242',
        exp_month: 12,
        exp_year: 2034,
        behaviour: 'ok',
        ...card,
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function methodView(id: string, card: FakeCard) {
  return {
    id,
    object: 'payment_method',
    type: 'card',
    customer: card.customer ?? null,
    card: { brand: card.brand, last4: card.last4, exp_month: card.exp_month, exp_year: card.exp_year },
  };
}

function intentView(intent: FakeIntent) {
  return {
    id: intent.id,
    object: 'payment_intent',
    amount: intent.amount,
    amount_received: intent.amount_received,
    currency: 'usd',
    capture_method: intent.capture_method,
    payment_method: intent.payment_method,
    status: intent.status,
  };
}

const ok = (body: unknown) => ({ status: 200, body });

function missing(kind: string, id: string) {
  return {
    status: 404,
    body: apiError('invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing'),
  };
}

function apiError(type: string, message: string, code?: string) {
  return { error: { type, message, ...(code ? { code } : {}) } };
}

function send(res: ServerResponse, status: number, body: unknown, replayed = false): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': `req_${randomBytes(6).toString('hex')}`,
    ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
  res.end(JSON.stringify(body));
}

/** The server's payments config pointing at this fake. */
export function stripeConfigFor(fake: FakeStripe) {
  return { stripeApiBase: fake.url, stripeSecretKey: fake.secretKey, settlementIntervalMs: 60_000 };
}

import Stripe from 'stripe';
import { ApiError } from '../protocol/errors.js';
import type { Cents } from '../protocol/money.js';
import type { CardSummary, Charge, ChargeRequest, PaymentMethodSource, PaymentProvider } from './provider.js';

/** Card error codes that mean the number itself is wrong rather than refused by the bank. */
const BAD_NUMBER_CODES = new Set(['incorrect_number', 'invalid_number']);

/**
 * Stripe through its official SDK: payment methods are made in the browser (Stripe.js) and only
 * their ids reach us; PaymentIntents with manual capture authorize, automatic capture charges.
 * Every mutating call sends an idempotency key, so the SDK's own retries never charge twice.
 */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  private readonly stripe: Stripe;

  constructor(config: { secretKey: string; apiBase: string; timeoutMs?: number }) {
    const base = new URL(config.apiBase);
    this.stripe = new Stripe(config.secretKey, {
      protocol: base.protocol === 'http:' ? 'http' : 'https',
      host: base.hostname,
      port: base.port || (base.protocol === 'http:' ? 80 : 443),
      maxNetworkRetries: 2,
      timeout: config.timeoutMs ?? 20_000,
      telemetry: false,
    });
  }

  async createCustomer(input: { clientId: number; email: string; idempotencyKey: string }): Promise<string> {
    const customer = await this.stripe.customers.create(
      { email: input.email, metadata: { planocore_client_id: String(input.clientId) } },
      { idempotencyKey: input.idempotencyKey },
    );
    return customer.id;
  }

  async detach(providerId: string): Promise<void> {
    await this.stripe.paymentMethods.detach(providerId);
  }

  async paymentMethod(
    source: PaymentMethodSource,
    customerId: string | null,
  ): Promise<{ providerId: string; card: CardSummary }> {
    if (source.kind !== 'provider-id') {
      throw ApiError.invalidParam(
        'card_number',
        'card numbers go to Stripe from the browser (Stripe.js); send its payment method id as provider_payment_method_id',
      );
    }
    let method: Stripe.PaymentMethod;
    try {
      method = await this.stripe.paymentMethods.retrieve(source.id);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeInvalidRequestError) {
        throw ApiError.invalidParam(
          'provider_payment_method_id',
          `provider_payment_method_id ${source.id} is not a Stripe payment method of this account`,
        );
      }
      throw err;
    }
    if (!method.card) {
      throw ApiError.invalidParam('provider_payment_method_id', 'provider_payment_method_id is not a card');
    }
    const owner = typeof method.customer === 'string' ? method.customer : (method.customer?.id ?? null);
    if (owner !== null && owner !== customerId) {
      throw ApiError.invalidParam(
        'provider_payment_method_id',
        'this payment method belongs to another customer',
      );
    }
    if (owner === null && customerId !== null) {
      await this.stripe.paymentMethods.attach(method.id, { customer: customerId });
    }
    return {
      providerId: method.id,
      card: {
        brand: method.card.brand,
        last4: method.card.last4,
        expMonth: method.card.exp_month,
        expYear: method.card.exp_year,
      },
    };
  }

  async charge(request: ChargeRequest): Promise<Charge> {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.create(
        {
          amount: request.amountCents,
          currency: 'usd',
          payment_method: request.paymentMethodId,
          ...(request.customerId ? { customer: request.customerId } : {}),
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          capture_method: request.capture,
          confirm: true,
          description: request.description,
        },
        { idempotencyKey: request.idempotencyKey },
      );
    } catch (err) {
      if (err instanceof Stripe.errors.StripeCardError) {
        if (BAD_NUMBER_CODES.has(err.code ?? '')) {
          throw new ApiError('card-number-invalid', 'The card number is incorrect.', [
            { param: 'payment_method_id', status: 'card-number-invalid', message: err.message },
          ]);
        }
        throw declined(err.message);
      }
      throw err;
    }
    if (intent.status === 'requires_capture') return { intentId: intent.id, status: 'authorized' };
    if (intent.status === 'succeeded') return { intentId: intent.id, status: 'captured' };
    // requires_action (3-D Secure) and the like cannot be completed by a server-side submit.
    if (intent.status !== 'canceled') {
      await this.stripe.paymentIntents.cancel(
        intent.id,
        {},
        { idempotencyKey: `${request.idempotencyKey}:cancel` },
      );
    }
    throw declined(`the payment needs ${intent.status}, which this submit cannot complete`);
  }

  async capture(intentId: string, idempotencyKey: string, amountCents?: Cents): Promise<void> {
    const params = amountCents === undefined ? {} : { amount_to_capture: amountCents };
    await this.stripe.paymentIntents.capture(intentId, params, { idempotencyKey });
  }

  async cancel(intentId: string, idempotencyKey: string): Promise<void> {
    await this.stripe.paymentIntents.cancel(intentId, {}, { idempotencyKey });
  }

  async refund(intentId: string, amountCents: Cents, idempotencyKey: string): Promise<void> {
    await this.stripe.refunds.create({ payment_intent: intentId, amount: amountCents }, { idempotencyKey });
  }
}

function declined(why: string): ApiError {
  return new ApiError('declined-payment', 'The card was declined. Nothing was charged; use another card.', [
    { param: 'payment_method_id', status: 'declined-payment', message: why },
  ]);
}

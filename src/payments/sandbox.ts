import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { ApiError } from '../protocol/errors.js';
import type { Cents } from '../protocol/money.js';
import type { Database } from '../schema.js';
import type {
  CardDetails,
  CardSummary,
  Charge,
  ChargeRequest,
  PaymentMethodSource,
  PaymentProvider,
} from './provider.js';

/** The provider's test card that is always declined when charged (like Stripe's). */
export const SANDBOX_DECLINED_CARD = '4000000000000002';

/** The Luhn check digit rule every real card number satisfies. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function brandOf(digits: string): string {
  if (digits.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65)/.test(digits)) return 'discover';
  return 'unknown';
}

/**
 * What the sandbox decides about a card, before anything is stored: `card-number-invalid` for a
 * number that is not 12–19 digits or fails Luhn, an expiry in the past refused; a valid card's
 * summary and whether charging it will be declined (4000000000000002, like the provider's test card).
 */
export function judgeCard(card: CardDetails, now: Date): CardSummary & { declines: boolean } {
  const digits = card.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !passesLuhn(digits)) {
    throw new ApiError('card-number-invalid', 'The card number is not a valid card number.', [
      { param: 'card_number', status: 'card-number-invalid', message: 'card_number fails its check digit' },
    ]);
  }
  const thisMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  if (card.expYear * 12 + (card.expMonth - 1) < thisMonth) {
    throw ApiError.invalidParam('exp_year', 'exp_year and exp_month are in the past: the card has expired');
  }
  return {
    brand: brandOf(digits),
    last4: digits.slice(-4),
    expMonth: card.expMonth,
    expYear: card.expYear,
    declines: digits === SANDBOX_DECLINED_CARD,
  };
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/**
 * The built-in offline provider (no key): it behaves like the real provider's test cards and
 * keeps, like a provider, a card's outcome and shown digits on its side (never the number).
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async createCustomer(): Promise<null> {
    return null;
  }

  async detach(): Promise<void> {}

  async paymentMethod(source: PaymentMethodSource): Promise<{ providerId: string; card: CardSummary }> {
    if (source.kind !== 'card') {
      throw ApiError.invalidParam(
        'provider_payment_method_id',
        'the sandbox takes card_number, exp_month, exp_year and cvc; provider_payment_method_id needs STRIPE_SECRET_KEY',
      );
    }
    const { declines, ...card } = judgeCard(source.card, this.clock.now());
    const id = newId('sandbox_pm');
    await this.db
      .insertInto('sandbox_cards')
      .values({
        id,
        brand: card.brand,
        last4: card.last4,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        declines,
      })
      .execute();
    return { providerId: id, card };
  }

  async charge(request: ChargeRequest): Promise<Charge> {
    const replay = await this.db
      .selectFrom('sandbox_intents')
      .select(['id', 'status'])
      .where('idempotency_key', '=', request.idempotencyKey)
      .executeTakeFirst();
    if (replay)
      return {
        intentId: replay.id,
        status: replay.status === 'requires_capture' ? 'authorized' : 'captured',
      };
    const card = await this.db
      .selectFrom('sandbox_cards')
      .select('declines')
      .where('id', '=', request.paymentMethodId)
      .executeTakeFirst();
    if (!card) throw new Error(`sandbox: no card ${request.paymentMethodId}`);
    if (card.declines) throw declined();
    const status = request.capture === 'manual' ? 'requires_capture' : 'succeeded';
    const id = newId('sandbox_pi');
    await this.db
      .insertInto('sandbox_intents')
      .values({
        id,
        idempotency_key: request.idempotencyKey,
        card_id: request.paymentMethodId,
        amount_cents: request.amountCents,
        status,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
    const stored = await this.db
      .selectFrom('sandbox_intents')
      .select(['id', 'status'])
      .where('idempotency_key', '=', request.idempotencyKey)
      .executeTakeFirstOrThrow();
    return { intentId: stored.id, status: stored.status === 'requires_capture' ? 'authorized' : 'captured' };
  }

  async capture(intentId: string, _key: string, amountCents?: Cents): Promise<void> {
    await this.transition(intentId, 'requires_capture', 'succeeded', amountCents);
  }

  async cancel(intentId: string): Promise<void> {
    await this.transition(intentId, 'requires_capture', 'canceled');
  }

  async refund(intentId: string, amountCents: Cents, idempotencyKey: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const fresh = await trx
        .insertInto('sandbox_refunds')
        .values({ idempotency_key: idempotencyKey, intent_id: intentId, amount_cents: amountCents })
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returning('idempotency_key')
        .executeTakeFirst();
      if (!fresh) return; // the same refund again: done already
      const updated = await trx
        .updateTable('sandbox_intents')
        .set((eb) => ({ refunded_cents: eb('refunded_cents', '+', amountCents) }))
        .where('id', '=', intentId)
        .where('status', '=', 'succeeded')
        .where((eb) => eb(eb('refunded_cents', '+', amountCents), '<=', eb.ref('amount_cents')))
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n)
        throw new Error(`sandbox: cannot refund ${amountCents} of ${intentId}`);
    });
  }

  private async transition(
    intentId: string,
    from: 'requires_capture',
    to: 'succeeded' | 'canceled',
    amountCents?: Cents,
  ) {
    const intent = await this.db
      .selectFrom('sandbox_intents')
      .select('status')
      .where('id', '=', intentId)
      .executeTakeFirst();
    if (intent?.status === to) return; // the same call again: done already
    if (intent?.status !== from)
      throw new Error(`sandbox: intent ${intentId} is ${intent?.status ?? 'unknown'}`);
    await this.db
      .updateTable('sandbox_intents')
      .set(amountCents === undefined ? { status: to } : { status: to, amount_cents: amountCents })
      .where('id', '=', intentId)
      .execute();
  }
}

function declined(): ApiError {
  return new ApiError('declined-payment', 'The card was declined. Nothing was charged; use another card.', [
    { param: 'payment_method_id', status: 'declined-payment', message: 'the card was declined' },
  ]);
}

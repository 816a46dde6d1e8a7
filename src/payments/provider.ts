import type { Cents } from '../protocol/money.js';
import type { PaymentProviderName } from './tables.js';

/** What may be shown of a card (and is all we keep): never its number. */
export interface CardSummary {
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
}

/** Card details as the sandbox takes them (the real provider takes them in its browser SDK). */
export interface CardDetails {
  readonly number: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly cvc: string;
}

/** What a caller hands over to make a payment method: the provider's id, or (sandbox) a card. */
export type PaymentMethodSource =
  | { readonly kind: 'provider-id'; readonly id: string }
  | { readonly kind: 'card'; readonly card: CardDetails };

export interface ChargeRequest {
  readonly paymentMethodId: string;
  /** The provider's customer the method is attached to, if any. */
  readonly customerId: string | null;
  readonly amountCents: Cents;
  /** `manual`: authorize only (captured later); `automatic`: charged at once. */
  readonly capture: 'manual' | 'automatic';
  /** The same key never charges twice, even when the request is sent again. */
  readonly idempotencyKey: string;
  readonly description: string;
}

export interface Charge {
  readonly intentId: string;
  readonly status: 'authorized' | 'captured';
}

/**
 * One payment provider. Failures the caller must hear about are ApiErrors with the documented
 * statuses: `declined-payment`, `card-number-invalid`, `invalid-param` (naming the param),
 * `payments-unavailable`; anything else is a crash.
 */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /**
   * The provider's customer record for a client, made when there is none (`idempotencyKey` per
   * client); null when the provider keeps no customers (the sandbox).
   */
  createCustomer(input: { clientId: number; email: string; idempotencyKey: string }): Promise<string | null>;
  /**
   * Checks a payment method with the provider, attaches it to the customer (so it can be
   * charged again), and says what may be shown of it.
   */
  paymentMethod(
    source: PaymentMethodSource,
    customerId: string | null,
  ): Promise<{ providerId: string; card: CardSummary }>;
  /** Detaches a destroyed payment method from its customer: it can no longer be charged. */
  detach(providerId: string): Promise<void>;
  charge(request: ChargeRequest): Promise<Charge>;
  /** Captures an authorized intent: all of it, or `amountCents` of it (the rest is released). */
  capture(intentId: string, idempotencyKey: string, amountCents?: Cents): Promise<void>;
  /** Releases an authorized intent: nothing is charged. */
  cancel(intentId: string, idempotencyKey: string): Promise<void>;
  /** Gives back part or all of a captured intent. */
  refund(intentId: string, amountCents: Cents, idempotencyKey: string): Promise<void>;
}

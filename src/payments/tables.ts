import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export const PAYMENT_PROVIDERS = ['stripe', 'sandbox'] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

export const PAYMENT_STATUSES = [
  'authorized',
  'captured',
  'canceled',
  'refunded',
  'partially_refunded',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const SANDBOX_INTENT_STATUSES = ['requires_capture', 'succeeded', 'canceled'] as const;
export type SandboxIntentStatus = (typeof SANDBOX_INTENT_STATUSES)[number];

export interface PaymentTables {
  /** A client's card as we know it: the provider's id and what may be shown; never the number. */
  payment_methods: {
    id: Generated<number>;
    client_id: number;
    provider: PaymentProviderName;
    provider_id: string;
    brand: string;
    last4: string;
    exp_month: number;
    exp_year: number;
    created_by_user_id: number;
    created_at: CreatedAt;
    deleted_at: Date | null;
    /** The provider's customer the method is attached to (Stripe), if any. */
    provider_customer_id: string | null;
  };
  /** The provider's customer record of a client (Stripe: the Customer holding their cards). */
  payment_customers: {
    client_id: number;
    provider: PaymentProviderName;
    customer_id: string;
    created_at: CreatedAt;
  };
  /** The money of one order: an authorization (held) or a capture, and what was refunded of it. */
  payments: {
    id: Generated<number>;
    order_id: number;
    payment_method_id: number;
    provider: PaymentProviderName;
    provider_intent_id: string;
    status: PaymentStatus;
    amount_cents: number;
    refunded_cents: Generated<number>;
    created_at: CreatedAt;
    updated_at: Date;
  };
  /** The sandbox provider's cards: the outcome a charge will have, the shown digits; no number. */
  sandbox_cards: {
    id: string;
    brand: string;
    last4: string;
    exp_month: number;
    exp_year: number;
    declines: boolean;
    created_at: CreatedAt;
  };
  /** The sandbox provider's payment intents, one per idempotency key. */
  sandbox_intents: {
    id: string;
    idempotency_key: string;
    card_id: string;
    amount_cents: number;
    status: SandboxIntentStatus;
    refunded_cents: Generated<number>;
    created_at: CreatedAt;
  };
  /** The sandbox provider's refunds, one per idempotency key. */
  sandbox_refunds: {
    idempotency_key: string;
    intent_id: string;
    amount_cents: number;
    created_at: CreatedAt;
  };
}

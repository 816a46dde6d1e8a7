import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export const SUBMIT_MODES = ['authorize', 'pay'] as const;
export type SubmitMode = (typeof SUBMIT_MODES)[number];

export const SUBMISSION_STATUSES = ['pending', 'completed'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export interface CheckoutTables {
  /** What a client can order (photos, a 3D tour…), by the real PlanoCore's service slugs. */
  services: {
    id: Generated<number>;
    slug: string;
    name: string;
    description: Generated<string>;
    /** May be an order's `primary_service` (add-ons may be any active service). */
    primary: Generated<boolean>;
    /** Ordered only on top of an earlier order of the client (`previous_order_id`). */
    requires_previous_order: Generated<boolean>;
    active: Generated<boolean>;
    position: Generated<number>;
    created_at: CreatedAt;
  };
  /** The quantities a service is sold in, each at its price (integer cents). */
  service_options: {
    id: Generated<number>;
    service_id: number;
    quantity: number;
    price_cents: number;
  };
  /** A discount code: a percentage or a fixed amount, valid between dates, maybe for one designation. */
  promotions: {
    id: Generated<number>;
    code: string;
    name: string;
    percent_off: number | null;
    amount_off_cents: number | null;
    starts_at: Date | null;
    ends_at: Date | null;
    /** Only clients of companies with this designation may use it; null: everyone. */
    designation_id: number | null;
    once_per_user: Generated<boolean>;
    active: Generated<boolean>;
    created_at: CreatedAt;
  };
  /** Who used a promotion, on which order (once per user). */
  promotion_uses: {
    promotion_id: number;
    user_id: number;
    order_id: number;
    created_at: CreatedAt;
  };
  /**
   * One submit of an order (authorize_and_submit, pay_and_submit), per client and key: `pending`
   * while it is being charged, `completed` with its order. A retry finds it and gets that order.
   */
  checkout_submissions: {
    id: Generated<number>;
    client_id: number;
    key: string;
    /** Hash of the caller and every param: the same key with other params is a duplicate payment. */
    fingerprint: string;
    mode: SubmitMode;
    status: SubmissionStatus;
    order_id: number | null;
    user_id: number;
    acting_user_id: number | null;
    promotion_id: number | null;
    subtotal_cents: number;
    discount_cents: number;
    total_cents: number;
    property_access: JSONColumnType<Record<string, unknown>> | null;
    property_info: JSONColumnType<Record<string, unknown>> | null;
    created_at: CreatedAt;
    completed_at: Date | null;
  };
}

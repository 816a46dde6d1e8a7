import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

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
}

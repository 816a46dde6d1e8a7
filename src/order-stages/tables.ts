import type { ColumnType, Generated } from 'kysely';
import type { OrderStatus } from '../orders/tables.js';

/** jsonb: written as JSON text, read back parsed. */
type Json = ColumnType<unknown, string | null, never>;

export interface OrderStageTables {
  /**
   * An order's stage history, oldest first by id: each stage (who, when, what triggered it, its
   * event slug) and the order's status before and after it.
   */
  order_stages: {
    id: Generated<number>;
    order_id: number;
    stage: string;
    stage_trigger: string | null;
    event_slug: string | null;
    update_status: boolean;
    status_before: OrderStatus;
    status_after: OrderStatus;
    stage_at: Date;
    notified_at: Date | null;
    notes: string | null;
    /** Who the stage is recorded as made by (defaults to the caller's user). */
    created_by_id: number | null;
    created_by: string | null;
    updated_by_id: number | null;
    updated_by: string | null;
    /** The nested hashes of the request, as sent. */
    appointment: Json;
    client: Json;
    order: Json;
    /** Who made the request, who acted for them (XSO), and through which application. */
    actor_user_id: number;
    acting_user_id: number | null;
    application: string | null;
    created_at: Date;
  };
}

import type { ColumnType, Generated } from 'kysely';

/** The kinds of record a cancelation can point at (`cancelable_type`). */
export const CANCELABLE_TYPES = ['order', 'tour', 'appointment', 'line_item'] as const;
export type CancelableType = (typeof CANCELABLE_TYPES)[number];

export const CANCELATION_ACTIONS = ['cancel', 'update', 'reinstate'] as const;
export type CancelationAction = (typeof CANCELATION_ACTIONS)[number];

/** jsonb: written as JSON text, read back parsed. */
type Json = ColumnType<unknown, string | null, never>;

export interface CancelationTables {
  /** Why something was canceled; chosen by id or slug. Managed by employees, never deleted. */
  cancelation_reasons: {
    id: Generated<number>;
    slug: string;
    text: string;
    /** The cancelable types this reason may be given for. */
    applicable_types: CancelableType[];
    active: Generated<boolean>;
    created_at: ColumnType<Date, Date | undefined, never>;
  };
  /** The statuses in which a client may cancel their own record (admin-managed). */
  cancelable_statuses: {
    cancelable_type: CancelableType;
    status: string;
  };
  /**
   * One cancel of one record, and its reinstatement if any. At most one active row per target
   * (partial unique index); a record canceled again after a reinstate gets a new row.
   */
  cancelations: {
    id: Generated<number>;
    cancelable_type: CancelableType;
    cancelable_id: number;
    /** The client the target belongs to, for scoping who may see the cancelation. */
    client_id: number;
    /** Client-supplied idempotency key (unique). */
    key: string | null;
    /** SHA-256 of the create request's params and caller, to tell a retry from a key reused. */
    key_fingerprint: string | null;
    reason_id: number | null;
    reason_text: string | null;
    reason_note: string | null;
    canceled_at: Date;
    /** User id; the caller by default, an employee may record someone else. */
    canceled_by: number;
    /** Application slug the cancelation was made in. */
    canceled_in: string | null;
    /** The target's status just before it was canceled; restored on reinstate. */
    status_before_cancel: string;
    reinstated_at: Date | null;
    reinstated_by: number | null;
    reinstated_in: string | null;
    reinstated_note: string | null;
    active: boolean;
    /** The signed-in user who created the row (never overridden, unlike canceled_by). */
    created_by: number;
    created_at: Date;
    updated_at: Date;
    /** Set on a cancelation the cascade made: the order's cancelation that caused it. */
    parent_cancelation_id: ColumnType<number | null, number | null | undefined, number | null>;
  };
  /** Append-only history of every cancel, update and reinstate (updates and deletes are refused). */
  cancelation_events: {
    id: Generated<number>;
    cancelation_id: number;
    action: CancelationAction;
    /** The signed-in user who made the change. */
    actor_user_id: number;
    /** Set when someone acted on the user's behalf (XSO). */
    acting_user_id: number | null;
    application: string | null;
    occurred_at: Date;
    before: Json;
    after: Json;
  };
}

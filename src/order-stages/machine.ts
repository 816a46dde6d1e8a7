/**
 * The order status state machine, as a pure decision: which stages exist, the status each sets,
 * and which status may follow which. `order_stages/create` applies what `decideStage` says.
 *
 *   new_request ─► ordered ─► scheduling ◄─► scheduled ─► in_production ─► delivered ─► completed
 *        │            │            ▲                          │   ▲            │
 *        └────────────┼────────────┘ (new_request, ordered    │   └────────────┘ (a revision)
 *                     └─► scheduled  may skip ahead)          └─► scheduling (a reshoot)
 *
 * `canceled` is entered and left only through cancelations (cancelations/create, reinstate), which
 * keep the status to restore; no stage moves an order into or out of it. A stage sent with
 * `update_status=false` only records an event, in any status.
 */
import type { OrderStatus } from '../orders/tables.js';

/** Each stage and the status it sets with `update_status=true` (null: it only records an event). */
export const ORDER_STAGES = {
  new_request: 'new_request',
  ordered: 'ordered',
  ready_to_schedule: 'scheduling',
  pending_appointment: 'scheduling',
  reschedule_requested: 'scheduling',
  scheduled: 'scheduled',
  committed: 'scheduled',
  assembly: 'in_production',
  post_processing: 'in_production',
  delivered: 'delivered',
  notified: 'delivered',
  completed: 'completed',
  canceled: 'canceled',
  hold: null,
  hold_released: null,
  submitted_cancel_onsite: null,
  note: null,
} as const satisfies Record<string, OrderStatus | null>;
export type OrderStage = keyof typeof ORDER_STAGES;
export const ORDER_STAGE_NAMES = Object.keys(ORDER_STAGES) as OrderStage[];

/** The statuses that may follow each status through a stage. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  new_request: ['ordered', 'scheduling', 'scheduled'],
  ordered: ['scheduling', 'scheduled'],
  scheduling: ['scheduled'],
  scheduled: ['scheduling', 'in_production'],
  in_production: ['delivered', 'scheduling'],
  delivered: ['completed', 'in_production'],
  completed: [],
  canceled: [],
};

export type StageDecision =
  | { readonly ok: true; readonly statusBefore: OrderStatus; readonly statusAfter: OrderStatus }
  | {
      readonly ok: false;
      /** `no-status`: the stage sets no status; `not-allowed`: the transition is not in the machine. */
      readonly reason: 'no-status' | 'not-allowed';
      readonly message: string;
      readonly status: OrderStatus;
      /** The stages that would be allowed from the order's status with update_status=true. */
      readonly allowedStages: readonly OrderStage[];
    };

/** The stages that move an order on from `status`. */
export function allowedStagesFrom(status: OrderStatus): OrderStage[] {
  const next = ORDER_TRANSITIONS[status];
  return ORDER_STAGE_NAMES.filter((stage) => {
    const target = ORDER_STAGES[stage];
    return target !== null && next.includes(target);
  });
}

/** What a stage does to an order in `status`: the status after, or why it may not. */
export function decideStage(status: OrderStatus, stage: OrderStage, updateStatus: boolean): StageDecision {
  if (!updateStatus) return { ok: true, statusBefore: status, statusAfter: status };
  const target = ORDER_STAGES[stage];
  const refuse = (reason: 'no-status' | 'not-allowed', message: string): StageDecision => ({
    ok: false,
    reason,
    message,
    status,
    allowedStages: allowedStagesFrom(status),
  });
  if (target === null) {
    return refuse(
      'no-status',
      `stage ${stage} records an event and sets no status; send update_status=false`,
    );
  }
  if (target === 'canceled' || status === 'canceled') {
    return refuse(
      'not-allowed',
      status === 'canceled'
        ? `the order is canceled; reinstate it (cancelations/reinstate) before moving it on`
        : `an order is canceled through cancelations/create, not by a stage`,
    );
  }
  if (!ORDER_TRANSITIONS[status].includes(target)) {
    return refuse(
      'not-allowed',
      target === status
        ? `the order is already ${status}`
        : `an order in ${status} may not move to ${target} (stage ${stage})`,
    );
  }
  return { ok: true, statusBefore: status, statusAfter: target };
}

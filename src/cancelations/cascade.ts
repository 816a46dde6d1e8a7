/**
 * The cancelation policy beyond one record (the help center's): canceling an order cancels its
 * open appointments and line items, each as its own cancelation tied to the order's; canceling an
 * appointment less than 24 h before its start is a same-day cancelation, less than 2 h an on-site
 * one, each with its fee as a line item on the order (free beyond 24 h). Reinstating undoes exactly
 * that. Every function here runs inside the transaction of the cancel or reinstate.
 */
import type { Transaction } from 'kysely';
import { recordChange } from '../audit/trail.js';
import { insertLineItem } from '../line-items/service.js';
import type { Cents } from '../protocol/money.js';
import type { Database } from '../schema.js';
import type { Actor } from './access.js';
import { CANCELED, setCancelableStatus, type Cancelable } from './cancelables.js';
import {
  cancelationView,
  findCancelation,
  insertCancelation,
  recordEvent,
  type CancelationRow,
} from './records.js';

/** The configured fees (SAME_DAY_CANCEL_FEE, ON_SITE_CANCEL_FEE); 0 charges nothing. */
export interface CancelFees {
  readonly sameDayCancelFee: Cents;
  readonly onSiteCancelFee: Cents;
}

export const SAME_DAY_MS = 24 * 60 * 60_000;
export const ON_SITE_MS = 2 * 60 * 60_000;

export type LateCancel = 'same_day_cancel' | 'on_site_cancel';

/**
 * Pure: what canceling an appointment that starts at `startsAt` costs when canceled at `canceledAt`:
 * less than 2 h before (or after the start) on-site, less than 24 h same-day, else nothing. An
 * appointment without a start (only requested) is free.
 */
export function lateCancelOf(
  startsAt: Date | null,
  canceledAt: Date,
  fees: CancelFees,
): { kind: LateCancel; fee: Cents } | null {
  if (!startsAt) return null;
  const ahead = startsAt.getTime() - canceledAt.getTime();
  if (ahead < ON_SITE_MS) return { kind: 'on_site_cancel', fee: fees.onSiteCancelFee };
  if (ahead < SAME_DAY_MS) return { kind: 'same_day_cancel', fee: fees.sameDayCancelFee };
  return null;
}

/** The context a cascade step needs: the transaction, the moment, who acts, the fees. */
export interface CascadeContext {
  readonly trx: Transaction<Database>;
  readonly now: Date;
  readonly actor: Actor;
  readonly fees: CancelFees;
}

const FEE_NAMES: Record<LateCancel, string> = {
  same_day_cancel: 'Same-day cancelation fee',
  on_site_cancel: 'On-site cancelation fee',
};

/** The line items a cancelation fee is recognised by. */
export const FEE_SOURCE = 'cancelation';

/**
 * After an appointment's cancel: flags it same-day or on-site (by the cancelation's `canceled_at`)
 * and adds the fee, if any, to its order as a line item whose source is the cancelation.
 */
export async function chargeLateCancel(ctx: CascadeContext, cancelation: CancelationRow): Promise<void> {
  const { trx } = ctx;
  const appointment = await trx
    .selectFrom('appointments')
    .select(['id', 'order_id', 'starts_at'])
    .where('id', '=', cancelation.cancelable_id)
    .executeTakeFirstOrThrow();
  const late = lateCancelOf(appointment.starts_at, cancelation.canceled_at, ctx.fees);
  if (!late) return;
  await trx
    .updateTable('appointments')
    .set({ [late.kind]: true })
    .where('id', '=', appointment.id)
    .execute();
  await recordChange(trx, ctx.actor, {
    entityType: 'appointment',
    entityId: appointment.id,
    action: 'update',
    before: { [late.kind]: false },
    after: { [late.kind]: true },
    at: ctx.now,
  });
  if (late.fee === 0) return;
  await insertLineItem(trx, ctx, {
    order_id: appointment.order_id,
    itemable_type: 'order',
    itemable_id: appointment.order_id,
    sourceable_type: FEE_SOURCE,
    sourceable_id: cancelation.id,
    key: `cancelation-fee-${cancelation.id}`,
    description: `${FEE_NAMES[late.kind]} (appointment ${appointment.id})`,
    service_name: FEE_NAMES[late.kind],
    group_name: late.kind,
    quantity: 1,
    unit_price: late.fee,
    price: late.fee,
  });
}

/**
 * Before an appointment's reinstate: the fee its cancelation charged no longer stands (canceled,
 * so it leaves the order's total) and the appointment is no longer a late cancel.
 */
export async function refundLateCancel(ctx: CascadeContext, cancelation: CancelationRow): Promise<void> {
  const { trx } = ctx;
  const fees = await trx
    .updateTable('line_items')
    .set({ status: CANCELED, updated_at: ctx.now })
    .where('sourceable_type', '=', FEE_SOURCE)
    .where('sourceable_id', '=', cancelation.id)
    .where('status', '<>', CANCELED)
    .returning(['id', 'status'])
    .execute();
  for (const fee of fees) {
    await recordChange(trx, ctx.actor, {
      entityType: 'line_item',
      entityId: fee.id,
      action: 'cancel',
      before: { status: 'pending' },
      after: { status: CANCELED, reason: `cancelation ${cancelation.id} was reinstated` },
      at: ctx.now,
    });
  }
  const flags = await trx
    .updateTable('appointments')
    .set({ same_day_cancel: false, on_site_cancel: false })
    .where('id', '=', cancelation.cancelable_id)
    .where((eb) => eb.or([eb('same_day_cancel', '=', true), eb('on_site_cancel', '=', true)]))
    .returning(['id'])
    .execute();
  if (flags.length > 0) {
    await recordChange(trx, ctx.actor, {
      entityType: 'appointment',
      entityId: cancelation.cancelable_id,
      action: 'update',
      before: { late_cancel: true },
      after: { same_day_cancel: false, on_site_cancel: false },
      at: ctx.now,
    });
  }
}

/** The statuses of the parts an order's cancel takes with it. */
const OPEN_APPOINTMENT = ['requested', 'scheduled'] as const;
const OPEN_LINE_ITEM = ['pending', 'in_production'] as const;

/**
 * After an order's cancel: cancels its open appointments (with their late-cancel fees) and its
 * open line items (not the fees), each as its own cancelation naming the order's as its parent,
 * with the order's reason, who, when and where. Rows are locked order first, then its parts (the
 * order every cancel and reinstate takes them in).
 */
export async function cascadeOrderCancel(
  ctx: CascadeContext,
  order: Cancelable,
  parent: CancelationRow,
): Promise<void> {
  const { trx } = ctx;
  const appointments = await trx
    .selectFrom('appointments')
    .select(['id', 'status'])
    .where('order_id', '=', order.id)
    .where('status', 'in', OPEN_APPOINTMENT)
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  for (const appointment of appointments) {
    const child = await cancelChild(ctx, { type: 'appointment', ...appointment }, order, parent);
    await chargeLateCancel(ctx, child);
  }
  const items = await trx
    .selectFrom('line_items')
    .select(['id', 'status'])
    .where('order_id', '=', order.id)
    .where('status', 'in', OPEN_LINE_ITEM)
    .where((eb) => eb.or([eb('sourceable_type', 'is', null), eb('sourceable_type', '<>', FEE_SOURCE)]))
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  for (const item of items) await cancelChild(ctx, { type: 'line_item', ...item }, order, parent);
}

async function cancelChild(
  ctx: CascadeContext,
  target: { type: 'appointment' | 'line_item'; id: number; status: string },
  order: Cancelable,
  parent: CancelationRow,
): Promise<CancelationRow> {
  const { trx, now, actor } = ctx;
  const inserted = await insertCancelation(trx, {
    cancelable_type: target.type,
    cancelable_id: target.id,
    client_id: order.clientId,
    key: null,
    key_fingerprint: null,
    reason_id: null,
    reason_text: parent.reason_text,
    reason_note: `Canceled with order ${order.id} (cancelation ${parent.id}).`,
    canceled_at: parent.canceled_at,
    canceled_by: parent.canceled_by,
    canceled_in: parent.canceled_in,
    status_before_cancel: target.status,
    created_by: actor.userId,
    created_at: now,
    parent_cancelation_id: parent.id,
  })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setCancelableStatus(trx, target, CANCELED, now);
  await recordChange(trx, actor, {
    entityType: target.type,
    entityId: target.id,
    action: 'cancel',
    before: { status: target.status },
    after: { status: CANCELED, parent_cancelation_id: parent.id },
    at: now,
  });
  const child = (await findCancelation(trx, inserted.id))!;
  await recordEvent(trx, {
    cancelationId: child.id,
    action: 'cancel',
    actor,
    now,
    before: { cancelable_status: target.status },
    after: { ...cancelationView(child), cancelable_status: CANCELED },
  });
  return child;
}

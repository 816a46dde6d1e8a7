import type { Kysely, Transaction } from 'kysely';
import { permissionDenied } from '../access/visibility.js';
import { recordChange } from '../audit/trail.js';
import { clientRecipients } from '../clients/recipients.js';
import { queueOrderDelivered } from '../email/emails.js';
import type { OrderStatus } from '../orders/tables.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import type { Database } from '../schema.js';
import { decideStage, type OrderStage } from './machine.js';
import type { OrderStageRow } from './records.js';
import type { ServiceContext } from '../protocol/service-context.js';

/** What a stage records beside the stage itself (the params of order_stages/create). */
export interface StageDetails {
  readonly stage_trigger?: string | undefined;
  readonly event_slug?: string | undefined;
  readonly stage_at?: Date | undefined;
  readonly created_at?: Date | undefined;
  readonly notified_at?: Date | undefined;
  readonly notes?: string | undefined;
  readonly created_by_id?: number | undefined;
  readonly created_by?: string | undefined;
  readonly updated_by_id?: number | undefined;
  readonly updated_by?: string | undefined;
  readonly appointment?: Record<string, unknown> | undefined;
  readonly client?: Record<string, unknown> | undefined;
  readonly order?: Record<string, unknown> | undefined;
}

export interface StageRequest extends StageDetails {
  readonly stage: OrderStage;
  readonly update_status: boolean;
}

const json = (value: Record<string, unknown> | undefined) =>
  value === undefined ? null : JSON.stringify(value);

/** Inserts one stage-history row (the caller holds the order's row lock, or just made the order). */
export async function appendStage(
  trx: Transaction<Database>,
  ctx: ServiceContext,
  orderId: number,
  stage: { stage: OrderStage; update_status: boolean; before: OrderStatus; after: OrderStatus },
  details: StageDetails,
): Promise<OrderStageRow> {
  const { actor, now } = ctx;
  return trx
    .insertInto('order_stages')
    .values({
      order_id: orderId,
      stage: stage.stage,
      update_status: stage.update_status,
      status_before: stage.before,
      status_after: stage.after,
      stage_trigger: details.stage_trigger ?? null,
      event_slug: details.event_slug ?? null,
      stage_at: details.stage_at ?? now,
      notified_at: details.notified_at ?? null,
      notes: details.notes ?? null,
      created_by_id: details.created_by_id ?? actor.userId,
      created_by: details.created_by ?? null,
      updated_by_id: details.updated_by_id ?? null,
      updated_by: details.updated_by ?? null,
      appointment: json(details.appointment),
      client: json(details.client),
      order: json(details.order),
      actor_user_id: actor.userId,
      acting_user_id: actor.actingUserId,
      application: actor.applicationSlug,
      created_at: details.created_at ?? now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Only employees record a stage as made by someone else; the user must exist. */
async function assertRecordedBy(db: Kysely<Database>, actor: RoleActor, input: StageDetails): Promise<void> {
  for (const name of ['created_by_id', 'updated_by_id'] as const) {
    const userId = input[name];
    if (userId === undefined) continue;
    if (actor.kind !== 'employee') throw permissionDenied(name, `only employees may set ${name}`);
    const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw ApiError.invalidParam(name, `user ${userId} does not exist`);
  }
}

/**
 * Records a stage of an order (the route has checked the caller may see it) and, with
 * update_status, moves its status as `decideStage` allows. One transaction locks the order's row
 * first, so concurrent stages (and cancels, which lock it too) take turns and each decides on
 * the status the one before it left: two transitions never both apply to the same status.
 */
export async function recordOrderStage(
  ctx: ServiceContext,
  orderId: number,
  input: StageRequest,
): Promise<OrderStageRow> {
  await assertRecordedBy(ctx.db, ctx.actor, input);
  return ctx.db.transaction().execute(async (trx) => {
    const order = await trx
      .selectFrom('orders')
      .select(['id', 'status', 'client_id', 'address'])
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const decision = decideStage(order.status, input.stage, input.update_status);
    if (!decision.ok) {
      const status = decision.reason === 'no-status' ? 'invalid-param' : 'stage-transition-not-allowed';
      throw new ApiError(
        status,
        `stage ${input.stage}: ${decision.message}.`,
        [{ param: 'stage', status, message: decision.message }],
        { status: decision.status, allowed_stages: decision.allowedStages },
      );
    }
    const row = await appendStage(
      trx,
      ctx,
      orderId,
      {
        stage: input.stage,
        update_status: input.update_status,
        before: decision.statusBefore,
        after: decision.statusAfter,
      },
      input,
    );
    if (decision.statusAfter !== decision.statusBefore) {
      await trx
        .updateTable('orders')
        .set({ status: decision.statusAfter, updated_at: ctx.now })
        .where('id', '=', orderId)
        .execute();
      await recordChange(trx, ctx.actor, {
        entityType: 'order',
        entityId: orderId,
        action: 'update',
        before: { status: decision.statusBefore },
        after: { status: decision.statusAfter, order_stage_id: row.id },
        at: ctx.now,
      });
      if (decision.statusAfter === 'delivered') await notifyDelivered(trx, order, row.id, ctx.now);
    }
    return row;
  });
}

/** The job-completion email, copied as `clientRecipients` says, committed with the delivery or not at all. */
async function notifyDelivered(
  trx: Transaction<Database>,
  order: { id: number; client_id: number; address: string },
  stageId: number,
  now: Date,
): Promise<void> {
  const { to, cc } = await clientRecipients(trx, order.client_id, 'completion');
  await queueOrderDelivered(trx, {
    orderId: order.id,
    stageId,
    description: `Order #${order.id} at ${order.address}`,
    to,
    cc,
    now,
  });
}

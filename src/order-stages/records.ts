import type { Kysely, Selectable } from 'kysely';
import { ORDER_STATUSES } from '../orders/tables.js';
import { field } from '../protocol/reply.js';
import type { Database } from '../schema.js';
import type { OrderStageTables } from './tables.js';

export type OrderStageRow = Selectable<OrderStageTables['order_stages']>;

/** A stage-history row as replies show it. */
export const orderStageField = field.object({
  id: field.integer({ example: 5521 }),
  order_id: field.integer({ example: 1042 }),
  stage: field.string({ example: 'scheduled' }),
  stage_trigger: field.string({ nullable: true, example: 'photographer_confirmed' }),
  event_slug: field.string({ nullable: true, example: 'appointment.scheduled' }),
  update_status: field.boolean({ example: true, description: 'Whether this stage set the order’s status.' }),
  status_before: field.string({ possibleValues: ORDER_STATUSES, example: 'scheduling' }),
  status_after: field.string({
    possibleValues: ORDER_STATUSES,
    example: 'scheduled',
    description: 'The order’s status after this stage (the same as before when it set none).',
  }),
  stage_at: field.datetime({ description: 'When the stage happened (`stage_at_mt`, else when recorded).' }),
  notified_at: field.datetime({ nullable: true }),
  notes: field.string({ nullable: true, example: 'Seller confirmed by phone.' }),
  created_by_id: field.integer({ nullable: true, example: 42, description: 'User id it is recorded as by.' }),
  created_by: field.string({ nullable: true, example: 'Erin Employee' }),
  updated_by_id: field.integer({ nullable: true, example: null }),
  updated_by: field.string({ nullable: true, example: null }),
  appointment: field.json({ description: 'The `appointment` hash as sent, or null.' }),
  client: field.json({ description: 'The `client` hash as sent, or null.' }),
  order: field.json({ description: 'The `order` hash as sent, or null.' }),
  actor_user_id: field.integer({ example: 42, description: 'The signed-in user who recorded it.' }),
  acting_user_id: field.integer({ nullable: true, example: null, description: 'Who acted for them (XSO).' }),
  application: field.string({ nullable: true, example: 'planoorder' }),
  created_at: field.datetime({ description: 'When it was recorded (`created_at_mt`, else now).' }),
});

type StageReply = NonNullable<(typeof orderStageField)['__value']>;

export function orderStageView(row: OrderStageRow): StageReply {
  return {
    id: row.id,
    order_id: row.order_id,
    stage: row.stage,
    stage_trigger: row.stage_trigger,
    event_slug: row.event_slug,
    update_status: row.update_status,
    status_before: row.status_before,
    status_after: row.status_after,
    stage_at: row.stage_at.toISOString(),
    notified_at: row.notified_at?.toISOString() ?? null,
    notes: row.notes,
    created_by_id: row.created_by_id,
    created_by: row.created_by,
    updated_by_id: row.updated_by_id,
    updated_by: row.updated_by,
    appointment: row.appointment,
    client: row.client,
    order: row.order,
    actor_user_id: row.actor_user_id,
    acting_user_id: row.acting_user_id,
    application: row.application,
    created_at: row.created_at.toISOString(),
  };
}

/** An order's stage history, oldest first. */
export async function stagesOf(db: Kysely<Database>, orderId: number): Promise<StageReply[]> {
  const rows = await db
    .selectFrom('order_stages')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return rows.map(orderStageView);
}

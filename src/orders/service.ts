import type { Kysely } from 'kysely';
import { recordChange } from '../audit/trail.js';
import { appendStage } from '../order-stages/service.js';
import { ApiError } from '../protocol/errors.js';
import type { Database } from '../schema.js';
import { findOrder, type OrderRow } from './order-view.js';
import type { ServiceContext } from '../protocol/service-context.js';

export interface NewOrder {
  readonly client_id: number;
  readonly tour_id?: number | undefined;
  readonly address?: string | undefined;
  readonly notes?: string | undefined;
  readonly due_date?: string | undefined;
  readonly delivery_rush?: boolean | undefined;
}

/** A tour's address as one line: `12 Harbor Lane, Unit 4, Portland, ME 04101`. */
function tourAddress(t: {
  address: string;
  address2: string | null;
  city: string | null;
  province_iso: string | null;
  postal_code: string | null;
}): string {
  const region = [t.province_iso, t.postal_code].filter(Boolean).join(' ');
  return [t.address, t.address2, t.city, region].filter(Boolean).join(', ');
}

/**
 * The address an order is shot at: the one given, else its tour's. The tour must be one of the
 * client's (a tour that does not exist and another client's answer alike).
 */
async function resolveAddress(db: Kysely<Database>, input: NewOrder): Promise<string> {
  if (input.tour_id !== undefined) {
    const tour = await db
      .selectFrom('tours')
      .select(['client_id', 'address', 'address2', 'city', 'province_iso', 'postal_code'])
      .where('id', '=', input.tour_id)
      .executeTakeFirst();
    if (!tour || tour.client_id !== input.client_id) {
      throw ApiError.invalidParam(
        'tour_id',
        `tour ${input.tour_id} is not one of client ${input.client_id}’s tours`,
      );
    }
    return input.address ?? tourAddress(tour);
  }
  if (input.address === undefined) {
    throw ApiError.missingParam('address', 'address is required when no tour_id is given');
  }
  return input.address;
}

/**
 * Creates an order in `new_request` for a client (the route has checked the caller may act for
 * them), its first stage-history row and its audit entry, in one transaction.
 */
export async function createOrder(ctx: ServiceContext, input: NewOrder): Promise<OrderRow> {
  const address = await resolveAddress(ctx.db, input);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('orders')
      .values({
        client_id: input.client_id,
        tour_id: input.tour_id ?? null,
        address,
        status: 'new_request',
        notes: input.notes ?? null,
        due_date: input.due_date ?? null,
        delivery_rush: input.delivery_rush ?? false,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    await appendStage(
      trx,
      ctx,
      row.id,
      { stage: 'new_request', update_status: true, before: row.status, after: row.status },
      { stage_trigger: 'orders/create' },
    );
    await recordChange(trx, ctx.actor, {
      entityType: 'order',
      entityId: row.id,
      action: 'create',
      before: null,
      after: { ...input, address, status: row.status },
      at: ctx.now,
    });
    return row.id;
  });
  return (await findOrder(ctx.db, id))!;
}

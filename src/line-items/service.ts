import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { LineItemStatus } from '../orders/tables.js';
import { visibleRecord } from '../access/visibility.js';
import { changedFields, recordChange } from '../audit/trail.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import { MONEY_MAX_CENTS, type Cents } from '../protocol/money.js';
import type { InputOf } from '../protocol/params.js';
import type { Database } from '../schema.js';
import type { LINE_ITEM_FIELD_PARAMS } from './params.js';
import { lineItemView, orderTotalCents, type LineItemRow } from './records.js';
import type { ItemableType, LineItemTables } from './tables.js';
import type { ServiceContext } from '../protocol/service-context.js';

type FieldInput = InputOf<typeof LINE_ITEM_FIELD_PARAMS>;

export interface CreateLineItemInput extends FieldInput {
  readonly itemable_type: ItemableType;
  readonly itemable_id: number;
  readonly sourceable_type?: string | undefined;
  readonly sourceable_id?: number | undefined;
  readonly key?: string | undefined;
}

/** The order an itemable counts in, with its client (who may act on it) and status. */
interface Itemable {
  readonly orderId: number;
  readonly clientId: number;
  readonly orderStatus: string;
}

/**
 * The itemable and its order, the order share-locked (so it is not canceled while an item is
 * added); undefined when it does not exist.
 */
async function findItemable(
  trx: Kysely<Database>,
  type: ItemableType,
  id: number,
): Promise<Itemable | undefined> {
  const orderId =
    type === 'order'
      ? id
      : (await trx.selectFrom('appointments').select('order_id').where('id', '=', id).executeTakeFirst())
          ?.order_id;
  if (orderId === undefined) return undefined;
  const order = await trx
    .selectFrom('orders')
    .select(['id', 'client_id', 'status'])
    .where('id', '=', orderId)
    .forShare()
    .executeTakeFirst();
  return order && { orderId: order.id, clientId: order.client_id, orderStatus: order.status };
}

const itemableRef = (type: string, id: number) => ({
  param: 'itemable_id',
  label: `${type} ${id}`,
  status: 'permission-denied' as const,
});

/** The itemable, if the caller may act for its client (else it answers as a missing one does). */
export async function itemableFor(
  db: Kysely<Database>,
  actor: RoleActor,
  type: ItemableType,
  id: number,
): Promise<Itemable> {
  return visibleRecord(db, actor, await findItemable(db, type, id), (i) => i.clientId, itemableRef(type, id));
}

/**
 * Pure: the price an item adds to its order's total. Given, it is that; otherwise quantity × the
 * unit price (the final one if given), else 0. Refused when it passes the largest amount.
 */
export function linePrice(item: {
  price?: Cents | null | undefined;
  quantity: number;
  unit_price?: Cents | null | undefined;
  unit_price_final?: Cents | null | undefined;
}): Cents {
  if (item.price !== undefined && item.price !== null) return item.price;
  const unit = item.unit_price_final ?? item.unit_price ?? 0;
  const total = unit * item.quantity;
  if (total > MONEY_MAX_CENTS) {
    throw ApiError.invalidParam(
      'quantity',
      `quantity × the unit price must be at most ${MONEY_MAX_CENTS / 100}`,
    );
  }
  return total;
}

/** What an item is called where no name is given (notices, the order's list). */
function descriptionOf(input: Partial<FieldInput>, fallback: string): string {
  return input.service_name ?? input.service_description ?? input.group_name ?? fallback;
}

const FIELD_COLUMNS = [
  'service_id',
  'service_name',
  'service_description',
  'group_name',
  'service_type_primary',
  'quantity',
  'instructions',
  'price',
  'base_price',
  'unit_price',
  'gross_price',
  'net_price',
  'base_price_final',
  'unit_price_final',
  'discount',
  'discount_applied_percent',
  'updated_in',
  'updated_at_fm',
  'processed_at',
] as const satisfies readonly (keyof FieldInput & keyof LineItemRow)[];

function givenFields(input: Partial<FieldInput>): Updateable<LineItemTables['line_items']> {
  const patch: Record<string, unknown> = {};
  for (const name of FIELD_COLUMNS) if (input[name] !== undefined) patch[name] = input[name];
  return patch as Updateable<LineItemTables['line_items']>;
}

/**
 * Adds a line item to an order or appointment the caller may act for, on an order that is not
 * canceled. A `key` already used on the same itemable returns that item (replayed).
 */
export async function createLineItem(
  ctx: ServiceContext,
  input: CreateLineItemInput,
): Promise<{ lineItem: LineItemRow; replayed: boolean; totalCents: Cents }> {
  const quantity = input.quantity ?? 1;
  const price = linePrice({ ...input, quantity });
  return ctx.db.transaction().execute(async (trx) => {
    const itemable = await itemableFor(trx, ctx.actor, input.itemable_type, input.itemable_id);
    if (itemable.orderStatus === 'canceled') {
      throw ApiError.invalidParam('itemable_id', `order ${itemable.orderId} is canceled; reinstate it first`);
    }
    if (input.key !== undefined) {
      const earlier = await replayOf(trx, input);
      if (earlier)
        return {
          lineItem: earlier,
          replayed: true,
          totalCents: await orderTotalCents(trx, itemable.orderId),
        };
    }
    const inserted = await insertLineItem(trx, ctx, {
      ...givenFields(input),
      order_id: itemable.orderId,
      itemable_type: input.itemable_type,
      itemable_id: input.itemable_id,
      sourceable_type: input.sourceable_type ?? null,
      sourceable_id: input.sourceable_id ?? null,
      key: input.key ?? null,
      description: descriptionOf(input, 'Line item'),
      quantity,
      price,
    });
    if (!inserted) {
      const earlier = await replayOf(trx, input);
      return { lineItem: earlier!, replayed: true, totalCents: await orderTotalCents(trx, itemable.orderId) };
    }
    return { lineItem: inserted, replayed: false, totalCents: await orderTotalCents(trx, itemable.orderId) };
  });
}

/** A line item to insert: its status defaults to pending, its times are the context's now. */
export type NewLineItem = Omit<
  Insertable<LineItemTables['line_items']>,
  'status' | 'created_at' | 'updated_at'
> & {
  status?: LineItemStatus;
};

/**
 * Inserts one line item and records it in the audit trail; undefined when its `key` was taken
 * meanwhile. The cancelation fees go through here too.
 */
export async function insertLineItem(
  trx: Transaction<Database>,
  ctx: Omit<ServiceContext, 'db'>,
  values: NewLineItem,
): Promise<LineItemRow | undefined> {
  const row = await trx
    .insertInto('line_items')
    .values({ status: 'pending', ...values, created_at: ctx.now, updated_at: ctx.now })
    .onConflict((oc) => oc.column('key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row) {
    await recordChange(trx, ctx.actor, {
      entityType: 'line_item',
      entityId: row.id,
      action: 'create',
      before: null,
      after: lineItemView(row),
      at: ctx.now,
    });
  }
  return row;
}

async function replayOf(trx: Kysely<Database>, input: CreateLineItemInput): Promise<LineItemRow | undefined> {
  const earlier = await trx
    .selectFrom('line_items')
    .selectAll()
    .where('key', '=', input.key!)
    .executeTakeFirst();
  if (
    earlier &&
    (earlier.itemable_type !== input.itemable_type || earlier.itemable_id !== input.itemable_id)
  ) {
    throw ApiError.invalidParam(
      'key',
      'key was already used for a line item of another order or appointment',
    );
  }
  return earlier;
}

export interface UpdateLineItemInput extends Partial<FieldInput> {
  readonly id: number;
  readonly itemable_type?: ItemableType | undefined;
  readonly itemable_id?: number | undefined;
  readonly sourceable_type?: string | undefined;
  readonly sourceable_id?: number | undefined;
  readonly key?: string | undefined;
}

/** The line item, row-locked, if the caller may act for its order's client. */
async function lockedLineItem(trx: Transaction<Database>, actor: RoleActor, id: number) {
  const row = await trx
    .selectFrom('line_items as l')
    .innerJoin('orders as o', 'o.id', 'l.order_id')
    .selectAll('l')
    .select('o.client_id')
    .where('l.id', '=', id)
    .forNoKeyUpdate('l')
    .executeTakeFirst();
  return visibleRecord(trx, actor, row, (r) => r.client_id, {
    param: 'id',
    label: `line item ${id}`,
    status: 'permission-denied',
  });
}

/**
 * Changes a line item: what is given changes. Without a new `price`, a new quantity or unit price
 * re-derives it (as on create) when the item's price was derived. The itemable and key never change;
 * a canceled item is changed only through its cancelation.
 */
export async function updateLineItem(
  ctx: ServiceContext,
  input: UpdateLineItemInput,
): Promise<{ lineItem: LineItemRow; changed: string[]; totalCents: Cents }> {
  return ctx.db.transaction().execute(async (trx) => {
    const { client_id: _client, ...row } = await lockedLineItem(trx, ctx.actor, input.id);
    const immutable = (['itemable_type', 'itemable_id', 'key'] as const).filter(
      (name) => input[name] !== undefined && input[name] !== row[name],
    );
    if (immutable.length > 0) {
      const errors = immutable.map((param) => ({
        param,
        status: 'invalid-param' as const,
        message: `${param} cannot change once the line item is made`,
      }));
      throw new ApiError('invalid-param', errors.map((e) => e.message).join('; '), errors);
    }
    if (row.status === 'canceled') {
      throw ApiError.invalidParam(
        'id',
        `line item ${row.id} is canceled; reinstate it through its cancelation first`,
      );
    }
    const patch = givenFields(input);
    if (input.sourceable_type !== undefined) patch.sourceable_type = input.sourceable_type;
    if (input.sourceable_id !== undefined) patch.sourceable_id = input.sourceable_id;
    const repriced =
      input.quantity !== undefined || input.unit_price !== undefined || input.unit_price_final !== undefined;
    const wasDerived = row.price === linePrice({ ...row, price: null });
    if (input.price === undefined && repriced && wasDerived) {
      patch.price = linePrice({
        quantity: input.quantity ?? row.quantity,
        unit_price: input.unit_price ?? row.unit_price,
        unit_price_final: input.unit_price_final ?? row.unit_price_final,
      });
    }
    if (input.service_name !== undefined) patch.description = input.service_name;
    const updated = await trx
      .updateTable('line_items')
      .set({ ...patch, updated_at: ctx.now })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const diff = changedFields(lineItemView(row), lineItemView(updated));
    if (diff) {
      await recordChange(trx, ctx.actor, {
        entityType: 'line_item',
        entityId: row.id,
        action: 'update',
        before: diff.before,
        after: diff.after,
        at: ctx.now,
      });
    }
    return {
      lineItem: updated,
      changed: diff?.keys ?? [],
      totalCents: await orderTotalCents(trx, row.order_id),
    };
  });
}

import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { AppointmentStatus, LineItemStatus, OrderStatus, TourStatus } from '../orders/tables.js';
import type { CancelableType } from './tables.js';

/** The status every cancelable type uses for "canceled". */
export const CANCELED = 'canceled';

/** A record that can be canceled, as the cancelation rules need to see it. */
export interface Cancelable {
  readonly type: CancelableType;
  readonly id: number;
  readonly status: string;
  /** The client it belongs to (an appointment's or line item's through its order). */
  readonly clientId: number;
  /** How the client knows it, for notices: "Order #12 at 48 Elm Street". */
  readonly description: string;
}

/**
 * Reads the target; with `lock`, locks its row until the transaction ends, so the status it sees
 * is the one it will overwrite and concurrent cancels or reinstates of the same record take turns.
 * The lock is FOR NO KEY UPDATE: it does not block rows that merely reference the record (a fee
 * line item inserted on an order whose cancel is under way), so it cannot deadlock with them.
 * Undefined when the record does not exist.
 */
export async function findCancelable(
  trx: Kysely<Database>,
  type: CancelableType,
  id: number,
  { lock = false }: { lock?: boolean } = {},
): Promise<Cancelable | undefined> {
  switch (type) {
    case 'order': {
      const row = await trx
        .selectFrom('orders')
        .select(['id', 'status', 'client_id', 'address'])
        .where('id', '=', id)
        .$if(lock, (q) => q.forNoKeyUpdate())
        .executeTakeFirst();
      return row && found(type, row, orderName(row));
    }
    case 'tour': {
      const row = await trx
        .selectFrom('tours')
        .select(['id', 'status', 'client_id', 'address'])
        .where('id', '=', id)
        .$if(lock, (q) => q.forNoKeyUpdate())
        .executeTakeFirst();
      return row && found(type, row, `Tour #${row.id} at ${row.address}`);
    }
    case 'appointment': {
      const row = await trx
        .selectFrom('appointments as a')
        .innerJoin('orders as o', 'o.id', 'a.order_id')
        .select(['a.id', 'a.status', 'a.starts_at', 'o.id as order_id', 'o.client_id', 'o.address'])
        .where('a.id', '=', id)
        .$if(lock, (q) => q.forNoKeyUpdate('a'))
        .executeTakeFirst();
      if (!row) return undefined;
      const order = orderName({ id: row.order_id, address: row.address });
      if (!row.starts_at) return found(type, row, `The requested appointment for ${order}`);
      const when = row.starts_at.toISOString().slice(0, 16).replace('T', ' ');
      return found(type, row, `The appointment of ${when} UTC for ${order}`);
    }
    case 'line_item': {
      const row = await trx
        .selectFrom('line_items as l')
        .innerJoin('orders as o', 'o.id', 'l.order_id')
        .select(['l.id', 'l.status', 'l.description', 'o.id as order_id', 'o.client_id', 'o.address'])
        .where('l.id', '=', id)
        .$if(lock, (q) => q.forNoKeyUpdate('l'))
        .executeTakeFirst();
      if (!row) return undefined;
      const order = orderName({ id: row.order_id, address: row.address });
      return found(type, row, `${row.description} of ${order}`);
    }
  }
}

/** The fields every type shares; `description` says the record the way the client knows it. */
function found(
  type: CancelableType,
  row: { id: number; status: string; client_id: number },
  description: string,
): Cancelable {
  return { type, id: row.id, status: row.status, clientId: row.client_id, description };
}

/**
 * Sets the target's status. `status` is either `canceled` or a status read from the same record
 * before it was canceled; the table's CHECK constraint still guards the value.
 */
export async function setCancelableStatus(
  trx: Kysely<Database>,
  target: Pick<Cancelable, 'type' | 'id'>,
  status: string,
  now: Date,
): Promise<void> {
  await trx
    .updateTable(TABLE_OF[target.type])
    .set({ updated_at: now, status: status as OrderStatus & TourStatus & AppointmentStatus & LineItemStatus })
    .where('id', '=', target.id)
    .execute();
}

const TABLE_OF = {
  order: 'orders',
  tour: 'tours',
  appointment: 'appointments',
  line_item: 'line_items',
} as const satisfies Record<CancelableType, keyof Database>;

function orderName(order: { id: number; address: string }): string {
  return `Order #${order.id} at ${order.address}`;
}

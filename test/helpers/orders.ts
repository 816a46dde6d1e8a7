import type { Kysely } from 'kysely';
import type { Database } from '../../src/schema.js';
import type { OrderStatus, TourStatus } from '../../src/orders/tables.js';

let counter = 0;

export async function createTour(
  db: Kysely<Database>,
  clientId: number,
  status: TourStatus = 'published',
): Promise<number> {
  counter += 1;
  const row = await db
    .insertInto('tours')
    .values({ client_id: clientId, address: `${counter} Tour Street`, status, updated_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function createOrder(
  db: Kysely<Database>,
  clientId: number,
  options: { tourId?: number | null; status?: OrderStatus } = {},
): Promise<number> {
  counter += 1;
  const row = await db
    .insertInto('orders')
    .values({
      client_id: clientId,
      tour_id: options.tourId ?? null,
      address: `${counter} Order Avenue`,
      status: options.status ?? 'ordered',
      updated_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

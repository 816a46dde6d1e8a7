import type { Kysely, Selectable } from 'kysely';
import type { OrderTables } from '../orders/tables.js';
import { TOUR_STATUSES } from '../orders/tables.js';
import { field } from '../protocol/reply.js';
import type { Database } from '../schema.js';
import type { TourView } from './params.js';

export type TourRow = Selectable<OrderTables['tours']>;

export async function findTour(
  db: Kysely<Database>,
  id: number,
  options: { lock?: boolean } = {},
): Promise<TourRow | undefined> {
  const query = db.selectFrom('tours').selectAll().where('id', '=', id);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

const optionalText = (example: string, description = '') =>
  field.string({ nullable: true, optional: true, example, description });

/**
 * A tour as replies show it. `id`, `client_id`, `status` and `address` are in every view; the view
 * picks the rest (`TOUR_VIEW_FIELDS`).
 */
export const tourField = field.object({
  id: field.integer({ example: 118 }),
  client_id: field.integer({ example: 311 }),
  status: field.string({ possibleValues: TOUR_STATUSES, example: 'published' }),
  address: field.string({ example: '12 Harbor Lane' }),
  address2: optionalText('Unit 4'),
  city: optionalText('Portland'),
  province_iso: optionalText('ME'),
  postal_code: optionalText('04101', 'Text: leading zeros kept.'),
  mls_number: optionalText('ME-1577342'),
  bedrooms: optionalText('3', 'Decimal text, as given.'),
  bathrooms: optionalText('2.5', 'Decimal text, as given.'),
  sqft: optionalText('1850', 'Decimal text, as given.'),
  price: optionalText('459000', 'Decimal text, as given.'),
  hide_sqft: field.boolean({ optional: true, example: false }),
  hide_price: field.boolean({ optional: true, example: false }),
  property_type: optionalText('single_family', 'A value of the `property_type` list.'),
  map_x: field.number({ nullable: true, optional: true, example: 43.6591, description: 'Latitude.' }),
  map_y: field.number({ nullable: true, optional: true, example: -70.2568, description: 'Longitude.' }),
  property_description: optionalText('Sunny cape with a harbor view.'),
  greeting: optionalText('Welcome home!'),
  created_at: field.datetime({ optional: true }),
  updated_at: field.datetime({ optional: true }),
});

const SUMMARY = ['city', 'province_iso'] as const;
const PROPERTY_INFO = [
  'address2',
  'city',
  'province_iso',
  'postal_code',
  'mls_number',
  'bedrooms',
  'bathrooms',
  'sqft',
  'price',
  'property_type',
  'map_x',
  'map_y',
] as const;
const PREFERENCES = ['hide_sqft', 'hide_price', 'property_description', 'greeting'] as const;
type ViewField = Exclude<keyof TourRow, 'id' | 'client_id' | 'status' | 'address'>;

/** What each view adds to id, client_id, status and address. */
export const TOUR_VIEW_FIELDS: Readonly<Record<TourView, readonly ViewField[]>> = {
  default: [...PROPERTY_INFO, ...PREFERENCES, 'created_at', 'updated_at'],
  planox_tour_property_info: PROPERTY_INFO,
  planox_tour_preferences: PREFERENCES,
  planox_tour_photos: SUMMARY,
  planox_tour_floor_plans: SUMMARY,
  planox_tour_brochures: SUMMARY,
  planox_tour_download: SUMMARY,
  planox_side_menu: SUMMARY,
};

type TourReply = NonNullable<(typeof tourField)['__value']>;

export function tourView(row: TourRow, view: TourView = 'default'): TourReply {
  const out: Record<string, unknown> = {
    id: row.id,
    client_id: row.client_id,
    status: row.status,
    address: row.address,
  };
  for (const name of TOUR_VIEW_FIELDS[view]) {
    const value = row[name];
    out[name] = value instanceof Date ? value.toISOString() : value;
  }
  return out as TourReply;
}

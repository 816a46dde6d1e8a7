import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** The real PlanoCore's `property_type` list (catalogue row 9), in display order. */
export const PROPERTY_TYPES = [
  { value: 'single_family', name: 'Single Family' },
  { value: 'condo_townhouse', name: 'Condo / Townhouse' },
  { value: 'duplex_townhouse', name: 'Duplex / Townhouse' },
  { value: 'commercial', name: 'Commercial' },
  { value: 'land', name: 'Land' },
] as const;

/**
 * Idempotent: inserts the property types that are missing (migration 0010 seeded them; another
 * seed may add them too), leaves existing ones, edited or retired, alone.
 */
export async function ensurePropertyTypes(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('list_items')
    .values(
      PROPERTY_TYPES.map((item, i) => ({
        collection: 'property_type',
        value: item.value,
        name: item.name,
        position: i + 1,
        description: null,
        notes: null,
        external_id: null,
        item_type: null,
      })),
    )
    .onConflict((oc) => oc.columns(['collection', 'value']).doNothing())
    .execute();
}

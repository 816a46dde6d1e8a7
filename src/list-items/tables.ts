import type { ColumnType, Generated } from 'kysely';

export interface ListItemTables {
  /**
   * Named collections of choices (`property_type`, `glip_team`, …): unique values per collection,
   * at most one default per collection (partial unique index). Retired items stay, inactive.
   */
  list_items: {
    id: Generated<number>;
    collection: string;
    name: string;
    value: string;
    /** At most 1000 characters. */
    description: string | null;
    notes: string | null;
    active: Generated<boolean>;
    is_default: Generated<boolean>;
    /** An id in another system (e.g. a Glip team id in `glip_team`). */
    external_id: string | null;
    item_type: string | null;
    /** Display order within the collection. */
    position: Generated<number>;
    created_at: ColumnType<Date, Date | undefined, never>;
    updated_at: Generated<Date>;
  };
}

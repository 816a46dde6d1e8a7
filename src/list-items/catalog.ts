import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { ListItem, ListItemCatalog } from '../protocol/list-items.js';

/** The protocol's ListItemCatalog over the `list_items` table. */
export class DatabaseListItemCatalog implements ListItemCatalog {
  constructor(private readonly db: Kysely<Database>) {}

  /** One query for every collection asked for (the unique (collection, value) index serves it). */
  async activeItems(collections: readonly string[]): Promise<ReadonlyMap<string, readonly ListItem[]>> {
    const byCollection = new Map<string, ListItem[]>();
    if (collections.length === 0) return byCollection;
    const rows = await this.db
      .selectFrom('list_items')
      .select(['collection', 'value', 'name', 'description', 'is_default'])
      .where('collection', 'in', collections)
      .where('active', '=', true)
      .orderBy('collection')
      .orderBy('position')
      .orderBy('name')
      .execute();
    for (const row of rows) {
      const items = byCollection.get(row.collection) ?? [];
      items.push({
        value: row.value,
        name: row.name,
        description: row.description,
        isDefault: row.is_default,
      });
      byCollection.set(row.collection, items);
    }
    return byCollection;
  }
}

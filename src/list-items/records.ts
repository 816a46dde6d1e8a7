import type { Selectable } from 'kysely';
import type { RoleActor } from '../protocol/auth-state.js';
import { field } from '../protocol/reply.js';
import type { ListItemTables } from './tables.js';

export type ListItemRow = Selectable<ListItemTables['list_items']>;

/** A list item as replies show it; `notes` are for employees only. */
export const listItemField = field.object({
  id: field.integer({ example: 3 }),
  collection: field.string({ example: 'property_type' }),
  name: field.string({ example: 'Duplex / Townhouse' }),
  value: field.string({ example: 'duplex_townhouse', description: 'What params of this list take.' }),
  description: field.string({ nullable: true, example: null }),
  notes: field.string({
    nullable: true,
    optional: true,
    example: null,
    description: 'Internal notes; employees only.',
  }),
  active: field.boolean({ example: true, description: 'Inactive items are refused by params.' }),
  default: field.boolean({ example: false, description: 'The one default of its collection.' }),
  external_id: field.string({ nullable: true, example: null, description: 'Its id in another system.' }),
  item_type: field.string({ nullable: true, example: null }),
  position: field.integer({ example: 3, description: 'Display order within the collection.' }),
  created_at: field.datetime(),
  updated_at: field.datetime(),
});

export function listItemView(row: ListItemRow, viewer: Pick<RoleActor, 'kind'>) {
  return {
    id: row.id,
    collection: row.collection,
    name: row.name,
    value: row.value,
    description: row.description,
    ...(viewer.kind === 'employee' ? { notes: row.notes } : {}),
    active: row.active,
    default: row.is_default,
    external_id: row.external_id,
    item_type: row.item_type,
    position: row.position,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

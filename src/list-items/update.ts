import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../schema.js';
import type { EmployeeAuth } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import { changedFields, recordChange } from '../audit/trail.js';
import { isUniqueViolation } from '../auth/users.js';
import type { ListItemRow } from './records.js';
import type { ListItemTables } from './tables.js';

export const CLEARABLE_LIST_ITEM_FIELDS = ['description', 'notes', 'external_id', 'item_type'] as const;

export interface ListItemUpdateInput {
  readonly name?: string | undefined;
  readonly value?: string | undefined;
  readonly description?: string | undefined;
  readonly notes?: string | undefined;
  readonly active?: boolean | undefined;
  readonly default?: boolean | undefined;
  readonly external_id?: string | undefined;
  readonly item_type?: string | undefined;
  readonly clear?: readonly (typeof CLEARABLE_LIST_ITEM_FIELDS)[number][] | undefined;
}

type Changes = Updateable<ListItemTables['list_items']>;

/**
 * The pure decision: the columns an update sets. An item that becomes the default must be active;
 * an item that stops being active stops being the default. Throws `invalid-param` naming the param.
 */
export function planListItemUpdate(current: ListItemRow, input: ListItemUpdateInput): Changes {
  const changes: Changes = {};
  for (const name of input.clear ?? []) changes[name] = null;
  if (input.name !== undefined) changes.name = input.name;
  if (input.value !== undefined) changes.value = input.value;
  if (input.description !== undefined) changes.description = input.description;
  if (input.notes !== undefined) changes.notes = input.notes;
  if (input.external_id !== undefined) changes.external_id = input.external_id;
  if (input.item_type !== undefined) changes.item_type = input.item_type;
  if (input.active !== undefined) changes.active = input.active;
  const active = input.active ?? current.active;
  if (input.default !== undefined) changes.is_default = input.default;
  if (input.default === true && !active) {
    throw ApiError.invalidParam(
      'default',
      'default: an inactive item cannot be the default of its collection',
    );
  }
  if (!active && current.is_default && input.default === undefined) changes.is_default = false;
  return changes;
}

/**
 * Applies the update in one transaction: the collection's rows are locked (two items made default
 * at once queue up), a new default takes the place of the previous one, and every changed item
 * gets its entry in the audit trail.
 */
export async function updateListItem(
  db: Kysely<Database>,
  actor: EmployeeAuth,
  id: number,
  input: ListItemUpdateInput,
  now: Date,
): Promise<{ item: ListItemRow; changed: string[] }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const found = await trx.selectFrom('list_items').selectAll().where('id', '=', id).executeTakeFirst();
      if (!found) throw ApiError.invalidParam('id', `list item ${id} does not exist`);
      const collectionRows = await trx
        .selectFrom('list_items')
        .selectAll()
        .where('collection', '=', found.collection)
        .orderBy('id')
        .forUpdate()
        .execute();
      const current = collectionRows.find((row) => row.id === id)!;
      const changes = planListItemUpdate(current, input);
      const previousDefault = collectionRows.find((row) => row.is_default && row.id !== id);
      if (changes.is_default === true && previousDefault) {
        await trx
          .updateTable('list_items')
          .set({ is_default: false, updated_at: now })
          .where('id', '=', previousDefault.id)
          .execute();
        await recordChange(trx, actor, {
          entityType: 'list_item',
          entityId: previousDefault.id,
          action: 'update',
          before: { default: true },
          after: { default: false },
          at: now,
        });
      }
      const item = await trx
        .updateTable('list_items')
        .set({ ...changes, updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const diff = changedFields(auditFields(current), auditFields(item));
      if (diff) {
        await recordChange(trx, actor, {
          entityType: 'list_item',
          entityId: id,
          action: 'update',
          before: diff.before,
          after: diff.after,
          at: now,
        });
      }
      return { item, changed: diff?.keys ?? [] };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw ApiError.invalidParam('value', `value ${input.value} is already an item of this collection`);
    }
    throw err;
  }
}

function auditFields(row: ListItemRow) {
  return {
    name: row.name,
    value: row.value,
    description: row.description,
    notes: row.notes,
    active: row.active,
    default: row.is_default,
    external_id: row.external_id,
    item_type: row.item_type,
  };
}

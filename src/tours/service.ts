import { changedFields, recordChange } from '../audit/trail.js';
import type { TourFields } from './params.js';
import { findTour, tourView, type TourRow } from './records.js';
import type { ServiceContext } from '../protocol/service-context.js';

/** Only the fields given (a service never writes `undefined` over a value). */
function given(fields: TourFields): TourFields {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as TourFields;
}

/**
 * Creates a tour of a client (the caller's right to act for the client is the route's check) and
 * its audit entry, in one transaction. New tours are drafts until published.
 */
export async function createTour(
  ctx: ServiceContext,
  clientId: number,
  fields: TourFields & { address: string },
): Promise<TourRow> {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('tours')
      .values({
        ...given(fields),
        address: fields.address,
        client_id: clientId,
        status: 'draft',
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordChange(trx, ctx.actor, {
      entityType: 'tour',
      entityId: row.id,
      action: 'create',
      before: null,
      after: tourView(row),
      at: ctx.now,
    });
    return row;
  });
}

/**
 * Changes the given fields of a tour: locks its row, writes, and records the changed fields before
 * and after (nothing recorded when nothing changed). Undefined when the tour does not exist.
 */
export async function updateTour(
  ctx: ServiceContext,
  id: number,
  fields: TourFields,
): Promise<TourRow | undefined> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await findTour(trx, id, { lock: true });
    if (!before) return undefined;
    const changes = given(fields);
    if (Object.keys(changes).length === 0) return before;
    const after = await trx
      .updateTable('tours')
      .set({ ...changes, updated_at: ctx.now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const diff = changedFields(tourView(before), tourView(after));
    if (diff) {
      await recordChange(trx, ctx.actor, {
        entityType: 'tour',
        entityId: id,
        action: 'update',
        before: diff.before,
        after: diff.after,
        at: ctx.now,
      });
    }
    return after;
  });
}

import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { ApiError } from '../protocol/errors.js';
import { field } from '../protocol/reply.js';
import { CANCELABLE_TYPES, type CancelableType, type CancelationTables } from './tables.js';

export type ReasonRow = Selectable<CancelationTables['cancelation_reasons']>;

export interface ReasonChoice {
  readonly reason_id?: number | undefined;
  readonly reason_slug?: string | undefined;
}

/**
 * The reason picked by `reason_id` and/or `reason_slug` (both must then name the same one), or
 * undefined when neither is given. It must exist, apply to the cancelable type and be active;
 * `keepId` lets an update keep a reason that was retired after it was chosen.
 */
export async function resolveReason(
  db: Kysely<Database>,
  choice: ReasonChoice,
  type: CancelableType,
  keepId: number | null = null,
): Promise<ReasonRow | undefined> {
  const { reason_id: id, reason_slug: slug } = choice;
  if (id === undefined && slug === undefined) return undefined;
  const param = id !== undefined ? 'reason_id' : 'reason_slug';
  let query = db.selectFrom('cancelation_reasons').selectAll();
  if (id !== undefined) query = query.where('id', '=', id);
  if (slug !== undefined) query = query.where('slug', '=', slug);
  const reason = await query.executeTakeFirst();
  if (!reason) {
    if (id !== undefined && slug !== undefined) {
      throw ApiError.invalidParam('reason_slug', `reason_slug ${slug} is not the slug of reason_id ${id}`);
    }
    throw ApiError.invalidParam(param, `${param} ${String(id ?? slug)} is not a cancelation reason`);
  }
  if (!reason.applicable_types.includes(type)) {
    throw ApiError.invalidParam(
      param,
      `reason ${reason.slug} does not apply to a ${type} (it applies to: ${reason.applicable_types.join(', ')})`,
    );
  }
  if (!reason.active && reason.id !== keepId) {
    throw ApiError.invalidParam(param, `reason ${reason.slug} is retired; pick an active reason`);
  }
  return reason;
}

/** The declared reply shape of `reasonView`. */
export const reasonField = field.object({
  id: field.integer({ example: 3 }),
  slug: field.string({ example: 'client-request' }),
  text: field.string({ example: 'The client asked to cancel.' }),
  applicable_types: field.list(field.string({ possibleValues: CANCELABLE_TYPES, example: 'order' }), {
    description: 'The record types the reason may be given for.',
  }),
  active: field.boolean({ example: true, description: 'false for a retired reason.' }),
});

export function reasonView(reason: ReasonRow) {
  return {
    id: reason.id,
    slug: reason.slug,
    text: reason.text,
    applicable_types: reason.applicable_types,
    active: reason.active,
  };
}

import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../schema.js';
import { ApiError } from '../protocol/errors.js';
import { permissionDenied, visibleRecord } from '../access/visibility.js';
import { changedFields, recordChange } from '../audit/trail.js';
import {
  assertClientMayCancelInStatus,
  assertMayCancelType,
  cancelableFor,
  cancelationRef,
  isEmployee,
  type Actor,
} from './access.js';
import { CANCELED, findCancelable, setCancelableStatus, type Cancelable } from './cancelables.js';
import { cascadeOrderCancel, chargeLateCancel, refundLateCancel, type CancelFees } from './cascade.js';
import { assertEmployeeOnly, fingerprintOf, resolveApplicationRef, resolveUserRef } from './inputs.js';
import { notifyClientOfCancelation } from './notify.js';
import { resolveReason } from './reasons.js';
import {
  cancelationQuery,
  cancelationView,
  findCancelation,
  insertCancelation,
  recordEvent,
  type CancelationRow,
} from './records.js';
import type { CancelableType, CancelationTables } from './tables.js';

/** What every cancelation change needs: the database, the moment (from the clock) and who acts. */
export interface ServiceContext {
  readonly db: Kysely<Database>;
  readonly now: Date;
  readonly actor: Actor;
  /** What a late appointment cancel costs (the config's SAME_DAY_CANCEL_FEE, ON_SITE_CANCEL_FEE). */
  readonly fees: CancelFees;
}

export interface CancelInput {
  readonly cancelable_type: CancelableType;
  readonly cancelable_id: number;
  readonly key?: string | undefined;
  readonly reason_id?: number | undefined;
  readonly reason_slug?: string | undefined;
  readonly reason_text?: string | undefined;
  readonly reason_note?: string | undefined;
  /** Not in the future (the route's declaration says so). */
  readonly canceled_at?: Date | undefined;
  readonly canceled_by?: string | undefined;
  readonly canceled_in?: string | undefined;
}

const CANCEL_PARAMS = [
  'cancelable_type',
  'cancelable_id',
  'key',
  'reason_id',
  'reason_slug',
  'reason_text',
  'reason_note',
  'canceled_at',
  'canceled_by',
  'canceled_in',
] as const satisfies readonly (keyof CancelInput)[];
const CANCEL_RECORD_PARAMS = ['canceled_at', 'canceled_by', 'canceled_in'] as const;
const REINSTATE_RECORD_PARAMS = ['reinstated_at', 'reinstated_by', 'reinstated_note'] as const;

/**
 * Cancels a record: one transaction locks the target, checks the rules, inserts the cancelation
 * (the partial unique index admits one active per target), sets the target's status to canceled,
 * queues the client's email for orders (outbox, same transaction) and appends the history entry.
 * With a `key`, a retry of the same request returns the original cancelation (`replayed`).
 */
export async function cancel(
  ctx: ServiceContext,
  input: CancelInput,
): Promise<{ cancelation: CancelationRow; replayed: boolean }> {
  const { db, now, actor } = ctx;
  assertEmployeeOnly(actor, input, CANCEL_RECORD_PARAMS);
  assertMayCancelType(actor, input.cancelable_type);
  const fingerprint = input.key === undefined ? null : fingerprintOf(actor, pick(input, CANCEL_PARAMS));
  if (input.key !== undefined) {
    const earlier = await replayOf(db, input.key, fingerprint!);
    if (earlier) return { cancelation: earlier, replayed: true };
  }
  const canceledAt = input.canceled_at ?? now;
  const canceledBy = input.canceled_by
    ? await resolveUserRef(db, 'canceled_by', input.canceled_by)
    : actor.userId;
  const canceledIn = input.canceled_in
    ? await resolveApplicationRef(db, 'canceled_in', input.canceled_in)
    : actor.applicationSlug;

  return db.transaction().execute(async (trx) => {
    const target = await cancelableFor(
      trx,
      actor,
      await findCancelable(trx, input.cancelable_type, input.cancelable_id, { lock: true }),
      { type: input.cancelable_type, id: input.cancelable_id },
    );
    if (target.status === CANCELED) return conflictOutcome(trx, target, input.key, fingerprint);
    if (actor.kind === 'client') await assertClientMayCancelInStatus(trx, target);
    const reason = await resolveReason(trx, input, target.type);

    const inserted = await insertCancelation(trx, {
      cancelable_type: target.type,
      cancelable_id: target.id,
      client_id: target.clientId,
      key: input.key ?? null,
      key_fingerprint: fingerprint,
      reason_id: reason?.id ?? null,
      reason_text: input.reason_text ?? reason?.text ?? null,
      reason_note: input.reason_note ?? null,
      canceled_at: canceledAt,
      canceled_by: canceledBy,
      canceled_in: canceledIn,
      status_before_cancel: target.status,
      created_by: actor.userId,
      created_at: now,
    })
      // Either unique index (one active per target, the key) turns a racing duplicate into no row.
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return conflictOutcome(trx, target, input.key, fingerprint);

    await setCancelableStatus(trx, target, CANCELED, now);
    await recordChange(trx, actor, {
      entityType: target.type,
      entityId: target.id,
      action: 'cancel',
      before: { status: target.status },
      after: { status: CANCELED },
      at: now,
    });
    const cancelation = (await findCancelation(trx, inserted.id))!;
    if (target.type === 'order') await notifyClientOfCancelation(trx, target, cancelation, now);
    const cascade = { trx, now, actor, fees: ctx.fees };
    if (target.type === 'order') await cascadeOrderCancel(cascade, target, cancelation);
    if (target.type === 'appointment') await chargeLateCancel(cascade, cancelation);
    await recordEvent(trx, {
      cancelationId: cancelation.id,
      action: 'cancel',
      actor,
      now,
      before: { cancelable_status: target.status },
      after: { ...cancelationView(cancelation), cancelable_status: CANCELED },
    });
    return { cancelation, replayed: false };
  });
}

/** The earlier cancelation made with this key, if the request is a retry; a conflict if not. */
async function replayOf(
  db: Kysely<Database>,
  key: string,
  fingerprint: string,
): Promise<CancelationRow | undefined> {
  const earlier = await cancelationQuery(db).where('c.key', '=', key).executeTakeFirst();
  if (earlier && earlier.key_fingerprint !== fingerprint) {
    throw new ApiError(
      'cancelation-key-conflict',
      'This key was already used for a different cancelation request.',
      [{ param: 'key', status: 'cancelation-key-conflict', message: 'key was used with other params' }],
    );
  }
  return earlier;
}

/**
 * Why the target cannot be canceled now: a retry of our own keyed request that won a race
 * (replayed), a key reused with other params, or a cancelation already standing.
 */
async function conflictOutcome(
  trx: Kysely<Database>,
  target: Cancelable,
  key: string | undefined,
  fingerprint: string | null,
): Promise<{ cancelation: CancelationRow; replayed: boolean }> {
  if (key !== undefined) {
    const earlier = await replayOf(trx, key, fingerprint!);
    if (earlier) return { cancelation: earlier, replayed: true };
  }
  const standing = await trx
    .selectFrom('cancelations')
    .select('id')
    .where('cancelable_type', '=', target.type)
    .where('cancelable_id', '=', target.id)
    .where('active', '=', true)
    .executeTakeFirst();
  throw new ApiError(
    'already-canceled',
    `The ${target.type} is already canceled${standing ? ` (cancelation ${standing.id})` : ''}.`,
    [
      {
        param: 'cancelable_id',
        status: 'already-canceled',
        message: `the ${target.type} is already canceled`,
      },
    ],
    { cancelation_id: standing?.id ?? null },
  );
}

export interface ReinstateInput {
  readonly id: number;
  /** Not in the future (the route's declaration says so). */
  readonly reinstated_at?: Date | undefined;
  readonly reinstated_by?: string | undefined;
  readonly reinstated_note?: string | undefined;
}

/** Reinstates (employees only, checked by the route): restores the target's earlier status. */
export async function reinstate(ctx: ServiceContext, input: ReinstateInput): Promise<CancelationRow> {
  const { db, actor } = ctx;
  if (!isEmployee(actor)) throw permissionDenied('id', 'only an employee may reinstate');
  const fields = await reinstateFields(ctx, input);
  return db.transaction().execute(async (trx) => {
    const { row, target } = await lockForChange(trx, actor, input.id);
    return reinstateLocked({ ...ctx, db: trx }, row, target, fields);
  });
}

interface ReinstateFields {
  readonly at?: Date;
  readonly by?: number;
  readonly note?: string;
}

async function reinstateFields(
  ctx: ServiceContext,
  input: Omit<ReinstateInput, 'id'>,
): Promise<ReinstateFields> {
  return {
    ...(input.reinstated_at && { at: input.reinstated_at }),
    ...(input.reinstated_by && {
      by: await resolveUserRef(ctx.db, 'reinstated_by', input.reinstated_by),
    }),
    ...(input.reinstated_note !== undefined && { note: input.reinstated_note }),
  };
}

/**
 * Locks the target first, then the cancelation (the same order as a cancel takes them, so a
 * reinstate and a cancel of one record can never deadlock). The target is undefined if it is gone.
 * A cancelation the actor may not see answers as one that does not exist would (its client never
 * changes, so reading it unlocked first is safe).
 */
async function lockForChange(
  trx: Kysely<Database>,
  actor: Actor,
  id: number,
): Promise<{ row: CancelationRow; target: Cancelable | undefined }> {
  const unlocked = await visibleRecord(
    trx,
    actor,
    await findCancelation(trx, id),
    (c) => c.client_id,
    cancelationRef(id),
  );
  const target = await findCancelable(trx, unlocked.cancelable_type, unlocked.cancelable_id, {
    lock: true,
  });
  const row = (await findCancelation(trx, id, { lock: true }))!;
  return { row, target };
}

async function reinstateLocked(
  ctx: ServiceContext & { readonly db: Transaction<Database> },
  row: CancelationRow,
  target: Cancelable | undefined,
  fields: ReinstateFields,
): Promise<CancelationRow> {
  const { db: trx, now, actor } = ctx;
  if (!row.active) {
    throw new ApiError(
      'cancelation-not-active',
      `Cancelation ${row.id} was already reinstated.`,
      [{ param: 'id', status: 'cancelation-not-active', message: 'the cancelation was already reinstated' }],
      { reinstated_at: row.reinstated_at?.toISOString() ?? null },
    );
  }
  if (!target || target.status !== CANCELED) {
    throw new ApiError(
      'cancelable-changed',
      `The ${row.cancelable_type} is ${target?.status ?? 'gone'} now, no longer canceled; reinstating would overwrite that.`,
      [
        {
          param: 'id',
          status: 'cancelable-changed',
          message: `the ${row.cancelable_type} changed after the cancel`,
        },
      ],
      { status: target?.status ?? null, status_before_cancel: row.status_before_cancel },
    );
  }
  const reinstatedAt = fields.at ?? now;
  if (reinstatedAt.getTime() < row.canceled_at.getTime()) {
    throw ApiError.invalidParam('reinstated_at', 'reinstated_at must not be before canceled_at');
  }
  await trx
    .updateTable('cancelations')
    .set({
      active: false,
      reinstated_at: reinstatedAt,
      reinstated_by: fields.by ?? actor.userId,
      reinstated_in: actor.applicationSlug,
      reinstated_note: fields.note ?? null,
      updated_at: now,
    })
    .where('id', '=', row.id)
    .execute();
  await setCancelableStatus(trx, target, row.status_before_cancel, now);
  const cascade = { trx, now, actor, fees: ctx.fees };
  if (target.type === 'appointment') await refundLateCancel(cascade, row);
  if (target.type === 'order') await reinstateCascaded(ctx, row, { ...fields, at: reinstatedAt });
  await recordChange(trx, actor, {
    entityType: target.type,
    entityId: target.id,
    action: 'reinstate',
    before: { status: CANCELED },
    after: { status: row.status_before_cancel },
    at: now,
  });
  const after = (await findCancelation(trx, row.id))!;
  const view = cancelationView(after);
  const previous = cancelationView(row);
  await recordEvent(trx, {
    cancelationId: row.id,
    action: 'reinstate',
    actor,
    now,
    before: { ...pick(previous, REINSTATE_VIEW_KEYS), cancelable_status: CANCELED },
    after: { ...pick(view, REINSTATE_VIEW_KEYS), cancelable_status: row.status_before_cancel },
  });
  return after;
}

/**
 * Reinstates what an order's cancel cascaded to: its child cancelations still standing whose
 * record is still canceled (one reinstated on its own, or changed since, stays as it is). Each
 * child is locked after the order, as the cancel locked them.
 */
async function reinstateCascaded(
  ctx: ServiceContext & { readonly db: Transaction<Database> },
  parent: CancelationRow,
  fields: ReinstateFields,
): Promise<void> {
  const { db: trx } = ctx;
  const children = await trx
    .selectFrom('cancelations')
    .select(['id', 'cancelable_type', 'cancelable_id'])
    .where('parent_cancelation_id', '=', parent.id)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  for (const child of children) {
    const target = await findCancelable(trx, child.cancelable_type, child.cancelable_id, { lock: true });
    const row = (await findCancelation(trx, child.id, { lock: true }))!;
    if (!target || target.status !== CANCELED || !row.active) continue;
    await reinstateLocked(ctx, row, target, {
      ...fields,
      note: fields.note ?? `Reinstated with order ${parent.cancelable_id} (cancelation ${parent.id}).`,
    });
  }
}

const REINSTATE_VIEW_KEYS = [
  'active',
  'reinstated_at',
  'reinstated_by',
  'reinstated_in',
  'reinstated_note',
] as const;

export interface UpdateInput extends Partial<Omit<CancelInput, 'cancelable_type'>> {
  readonly id: number;
  readonly cancelable_type?: string | undefined;
  readonly reinstated_at?: Date | undefined;
  readonly reinstated_by?: string | undefined;
  readonly reinstated_note?: string | undefined;
  readonly active?: boolean | undefined;
}

/**
 * Updates a cancelation. What may change:
 * - reason (reason_id / reason_slug; reason_text follows the new reason unless given), reason_text,
 *   reason_note: employees always; clients and liaisons only on cancelations they made, while
 *   they stand.
 * - canceled_at / canceled_by / canceled_in: employees (corrections).
 * - reinstated_at / reinstated_by / reinstated_note: employees, on a reinstated cancelation or
 *   together with active=false.
 * - active=false reinstates (employees); active=true on a reinstated one is refused (cancel anew).
 * - cancelable_type, cancelable_id and key never change: a different value is invalid-param.
 * Each change is one `update` history entry holding the earlier and the new values.
 */
export async function update(
  ctx: ServiceContext,
  input: UpdateInput,
): Promise<{ cancelation: CancelationRow; changed: string[] }> {
  const { db, now, actor } = ctx;
  assertEmployeeOnly(actor, input, [...CANCEL_RECORD_PARAMS, ...REINSTATE_RECORD_PARAMS]);
  if (input.active === false && !isEmployee(actor)) {
    throw permissionDenied('active', 'only an employee may reinstate');
  }
  const canceledAt = input.canceled_at;
  const canceledBy = input.canceled_by
    ? await resolveUserRef(db, 'canceled_by', input.canceled_by)
    : undefined;
  const canceledIn = input.canceled_in
    ? await resolveApplicationRef(db, 'canceled_in', input.canceled_in)
    : undefined;
  const reinstate = await reinstateFields(ctx, input);

  return db.transaction().execute(async (trx) => {
    const { row, target } = await lockForChange(trx, actor, input.id);
    if (!isEmployee(actor) && (row.created_by !== actor.userId || !row.active)) {
      throw permissionDenied('id', 'you may change only the cancelations you made, while they stand');
    }
    assertImmutable(row, input);
    const reinstating = input.active === false && row.active;
    if (input.active === true && !row.active) {
      throw ApiError.invalidParam(
        'active',
        'a reinstated cancelation cannot become active again; create a new cancelation instead',
      );
    }
    const misplaced = REINSTATE_RECORD_PARAMS.find((name) => input[name] !== undefined);
    if (misplaced && row.active && !reinstating) {
      throw ApiError.invalidParam(
        misplaced,
        `${misplaced} can only be set on a reinstated cancelation; pass active=false to reinstate`,
      );
    }

    const patch: Updateable<CancelationTables['cancelations']> = {};
    const reason = await resolveReason(trx, input, row.cancelable_type, row.reason_id);
    if (reason && reason.id !== row.reason_id) {
      patch.reason_id = reason.id;
      if (input.reason_text === undefined) patch.reason_text = reason.text;
    }
    if (input.reason_text !== undefined) patch.reason_text = input.reason_text;
    if (input.reason_note !== undefined) patch.reason_note = input.reason_note;
    if (canceledAt) patch.canceled_at = canceledAt;
    if (canceledBy !== undefined) patch.canceled_by = canceledBy;
    if (canceledIn !== undefined) patch.canceled_in = canceledIn;
    if (!row.active) {
      if (reinstate.at) patch.reinstated_at = reinstate.at;
      if (reinstate.by !== undefined) patch.reinstated_by = reinstate.by;
      if (reinstate.note !== undefined) patch.reinstated_note = reinstate.note;
    }
    const effectiveCanceledAt = canceledAt ?? row.canceled_at;
    const effectiveReinstatedAt = patch.reinstated_at ?? row.reinstated_at;
    if (effectiveReinstatedAt && effectiveCanceledAt.getTime() > effectiveReinstatedAt.getTime()) {
      const param = canceledAt ? 'canceled_at' : 'reinstated_at';
      throw ApiError.invalidParam(param, 'canceled_at must not be after reinstated_at');
    }

    let current = row;
    const changed: string[] = [];
    if (Object.keys(patch).length > 0) {
      await trx
        .updateTable('cancelations')
        .set({ ...patch, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      current = (await findCancelation(trx, row.id))!;
      const diff = changedFields(cancelationView(row), cancelationView(current));
      if (diff) {
        await recordEvent(trx, {
          cancelationId: row.id,
          action: 'update',
          actor,
          now,
          before: diff.before,
          after: diff.after,
        });
        changed.push(...diff.keys);
      }
    }
    if (reinstating) {
      current = await reinstateLocked({ ...ctx, db: trx }, current, target, reinstate);
      changed.push(...REINSTATE_VIEW_KEYS.filter((k) => !changed.includes(k)));
    }
    return { cancelation: current, changed };
  });
}

function assertImmutable(row: CancelationRow, input: UpdateInput): void {
  const differs: [string, boolean][] = [
    ['cancelable_type', input.cancelable_type !== undefined && input.cancelable_type !== row.cancelable_type],
    ['cancelable_id', input.cancelable_id !== undefined && input.cancelable_id !== row.cancelable_id],
    ['key', input.key !== undefined && input.key !== row.key],
  ];
  const errors = differs
    .filter(([, differ]) => differ)
    .map(([param]) => ({
      param,
      status: 'invalid-param' as const,
      message: `${param} cannot change after the cancelation is made`,
    }));
  if (errors.length > 0) {
    throw new ApiError('invalid-param', errors.map((e) => e.message).join('; '), errors);
  }
}

function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, obj[k]])) as Pick<T, K>;
}

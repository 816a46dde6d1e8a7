import type { Kysely, Transaction, Updateable } from 'kysely';
import { visibleRecord } from '../access/visibility.js';
import { changedFields, recordChange } from '../audit/trail.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import type { InputOf } from '../protocol/params.js';
import type { Database } from '../schema.js';
import type { appointmentFieldParams } from './params.js';
import { appointmentView, findAppointment, type AppointmentRow } from './records.js';
import type { AppointmentTables } from './tables.js';
import { resolveTimes, type ResolvedTimes, type TimeProblem, type TimesInput } from './times.js';

/** What every appointment change needs: the database, the request's now, who acts, the office zone. */
export interface AppointmentContext {
  readonly db: Kysely<Database>;
  readonly now: Date;
  readonly actor: RoleActor;
  readonly officeTimeZone: string;
}

/** The appointment params as the handler receives them (create and update alike). */
export type AppointmentFields = InputOf<ReturnType<typeof appointmentFieldParams<boolean>>>;

const CANCEL_FLAGS = ['cancelled', 'same_day_cancel', 'on_site_cancel'] as const;

/** The statuses of an appointment still ahead: what confirming moves, what the cascade cancels. */
export const OPEN_APPOINTMENT_STATUSES = ['requested', 'scheduled'] as const;

/** Plain fields: stored as given. */
const TEXT_FIELDS = [
  'appt_type',
  'confirmed_by',
  'delivery_type',
  'description',
  'location',
  'notes',
  'optional',
  'allday',
  'order_request_appt_id',
  'photographer_name',
  'photographer_user_id',
  'requested_date',
  'requested_time',
  'summary',
  'created_by',
  'created_in',
  'updated_at_mt',
  'updated_by',
] as const satisfies readonly (keyof AppointmentFields & keyof AppointmentRow)[];

const TIME_PARAMS = [
  'date_start_local',
  'time_start_local',
  'date_start_office',
  'time_start_office',
  'date_start_utc',
  'time_start_utc',
  'date_stop_local',
  'time_stop_local',
  'date_stop_office',
  'time_stop_office',
  'date_stop_utc',
  'time_stop_utc',
  'time_duration',
] as const satisfies readonly (keyof AppointmentFields)[];

/**
 * Pure: the appointment's start and stop from the params, or the refusal naming the param.
 * `known` is the stored appointment's (an update moves what it is given, keeps the rest).
 */
export function decideTimes(
  input: AppointmentFields,
  allday: boolean,
  officeTimeZone: string,
  known: ResolvedTimes | null,
): ResolvedTimes {
  const times: TimesInput = {
    start: {
      date_local: input.date_start_local,
      time_local: input.time_start_local,
      date_office: input.date_start_office,
      time_office: input.time_start_office,
      date_utc: input.date_start_utc,
      time_utc: input.time_start_utc,
    },
    stop: {
      date_local: input.date_stop_local,
      time_local: input.time_stop_local,
      date_office: input.date_stop_office,
      time_office: input.time_stop_office,
      date_utc: input.date_stop_utc,
      time_utc: input.time_stop_utc,
    },
    allday,
    time_duration: input.time_duration,
  };
  const outcome = resolveTimes(times, officeTimeZone, known);
  if (!outcome.ok) throw problemsError(outcome.problems);
  return outcome.times;
}

function problemsError(problems: readonly TimeProblem[]): ApiError {
  return new ApiError(problems[0]!.status, problems.map((p) => p.message).join('; '), problems);
}

/** The cancel flags are the cascade's to set: a caller may only say false. */
function assertNoCancelFlags(input: AppointmentFields): void {
  const set = CANCEL_FLAGS.filter((flag) => input[flag] === true);
  if (set.length === 0) return;
  const errors = set.map((param) => ({
    param,
    status: 'invalid-param' as const,
    message: `${param} is set by a cancelation; cancel the appointment with cancelations/create`,
  }));
  throw new ApiError('invalid-param', errors.map((e) => e.message).join('; '), errors);
}

function plainFields(input: AppointmentFields): Updateable<AppointmentTables['appointments']> {
  const patch: Record<string, unknown> = {};
  for (const name of TEXT_FIELDS) if (input[name] !== undefined) patch[name] = input[name];
  return patch as Updateable<AppointmentTables['appointments']>;
}

const orderRef = (id: number) => ({
  param: 'order_id',
  label: `order ${id}`,
  status: 'permission-denied' as const,
});
const appointmentRef = (id: number) => ({
  param: 'id',
  label: `appointment ${id}`,
  status: 'permission-denied' as const,
});

/**
 * Creates an appointment on an order the caller may act for (the order is share-locked, so it is not
 * canceled meanwhile). A `uuid` already used on the same order returns that appointment (replayed).
 */
export async function createAppointment(
  ctx: AppointmentContext,
  input: AppointmentFields,
): Promise<{ appointment: AppointmentRow; replayed: boolean }> {
  const { now, actor } = ctx;
  assertNoCancelFlags(input);
  if (input.order_id === undefined) {
    throw ApiError.missingParam('order_id', 'order_id is required: an appointment belongs to an order');
  }
  const orderId = input.order_id;
  const times = decideTimes(input, input.allday ?? false, ctx.officeTimeZone, null);
  if (!times.startsAt && input.requested_date === undefined) {
    throw ApiError.missingParam(
      'date_start_local',
      'give the start (date and time, local, office or UTC) or the requested_date',
    );
  }
  return ctx.db.transaction().execute(async (trx) => {
    const order = await visibleRecord(
      trx,
      actor,
      await trx
        .selectFrom('orders')
        .select(['id', 'client_id', 'status'])
        .where('id', '=', orderId)
        .forShare()
        .executeTakeFirst(),
      (o) => o.client_id,
      orderRef(orderId),
    );
    if (order.status === 'canceled') {
      throw ApiError.invalidParam('order_id', `order ${orderId} is canceled; reinstate it first`);
    }
    if (input.uuid !== undefined) {
      const earlier = await replayOf(trx, input.uuid, orderId);
      if (earlier) return { appointment: earlier, replayed: true };
    }
    const confirmed = input.confirmed ?? false;
    const inserted = await trx
      .insertInto('appointments')
      .values({
        ...plainFields(input),
        order_id: orderId,
        status: confirmed ? 'scheduled' : 'requested',
        confirmed,
        confirmed_at: input.confirmed_at ?? (confirmed ? now : null),
        starts_at: times.startsAt,
        ends_at: times.endsAt,
        local_utc_offset_minutes: times.localOffsetMinutes,
        duration_seconds: times.durationSeconds,
        uuid: input.uuid ?? null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('uuid').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) {
      // A concurrent create with the same uuid won.
      const earlier = await replayOf(trx, input.uuid!, orderId);
      return { appointment: earlier!, replayed: true };
    }
    await recordChange(trx, actor, {
      entityType: 'appointment',
      entityId: inserted.id,
      action: 'create',
      before: null,
      after: appointmentView(inserted, ctx.officeTimeZone),
      at: now,
    });
    return { appointment: inserted, replayed: false };
  });
}

async function replayOf(trx: Transaction<Database>, uuid: string, orderId: number) {
  const earlier = await trx
    .selectFrom('appointments')
    .selectAll()
    .where('uuid', '=', uuid)
    .executeTakeFirst();
  if (earlier && earlier.order_id !== orderId) {
    throw ApiError.invalidParam('uuid', 'uuid is already the id of an appointment of another order');
  }
  return earlier;
}

/** Reads an appointment the caller may see (another client's answers as a missing one does). */
export async function readAppointment(
  ctx: Omit<AppointmentContext, 'now'>,
  id: number,
): Promise<AppointmentRow> {
  return visibleRecord(
    ctx.db,
    ctx.actor,
    await findAppointment(ctx.db, id),
    (a) => a.client_id,
    appointmentRef(id),
  );
}

/**
 * Changes an appointment: what is given changes, the rest stays; times move as `decideTimes` says.
 * `order_id` and a set `uuid` never change. Confirming moves an open appointment to scheduled. A
 * canceled appointment changes only through its cancelation.
 */
export async function updateAppointment(
  ctx: AppointmentContext,
  input: AppointmentFields & { id: number },
): Promise<{ appointment: AppointmentRow; changed: string[] }> {
  const { now, actor } = ctx;
  assertNoCancelFlags(input);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await visibleRecord(
      trx,
      actor,
      await findAppointment(trx, input.id, { lock: true }),
      (a) => a.client_id,
      appointmentRef(input.id),
    );
    if (row.status === 'canceled') {
      throw ApiError.invalidParam(
        'id',
        `appointment ${row.id} is canceled; reinstate it through its cancelation first`,
      );
    }
    if (input.order_id !== undefined && input.order_id !== row.order_id) {
      throw ApiError.invalidParam('order_id', 'order_id cannot change: an appointment stays with its order');
    }
    if (input.uuid !== undefined && row.uuid !== null && input.uuid !== row.uuid) {
      throw ApiError.invalidParam('uuid', 'uuid cannot change once set');
    }
    const patch = plainFields(input);
    if (TIME_PARAMS.some((name) => input[name] !== undefined)) {
      const times = decideTimes(input, input.allday ?? row.allday, ctx.officeTimeZone, {
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        localOffsetMinutes: row.local_utc_offset_minutes,
        durationSeconds: row.duration_seconds,
      });
      Object.assign(patch, {
        starts_at: times.startsAt,
        ends_at: times.endsAt,
        local_utc_offset_minutes: times.localOffsetMinutes,
        duration_seconds: times.durationSeconds,
      });
    }
    if (input.uuid !== undefined) patch.uuid = input.uuid;
    if (input.confirmed !== undefined) {
      patch.confirmed = input.confirmed;
      if ((OPEN_APPOINTMENT_STATUSES as readonly string[]).includes(row.status)) {
        patch.status = input.confirmed ? 'scheduled' : 'requested';
      }
      if (input.confirmed && !row.confirmed) patch.confirmed_at = input.confirmed_at ?? now;
    }
    if (input.confirmed_at !== undefined) patch.confirmed_at = input.confirmed_at;
    const updated = await trx
      .updateTable('appointments')
      .set({ ...patch, updated_at: now })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const diff = changedFields(
      appointmentView(row, ctx.officeTimeZone),
      appointmentView(updated, ctx.officeTimeZone),
    );
    if (!diff) return { appointment: updated, changed: [] };
    await recordChange(trx, actor, {
      entityType: 'appointment',
      entityId: row.id,
      action: 'update',
      before: diff.before,
      after: diff.after,
      at: now,
    });
    return { appointment: updated, changed: diff.keys };
  });
}

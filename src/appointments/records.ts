import type { Kysely, Selectable } from 'kysely';
import { field } from '../protocol/reply.js';
import { APPOINTMENT_STATUSES } from '../orders/tables.js';
import type { Database } from '../schema.js';
import type { AppointmentTables } from './tables.js';
import { renderingsOf, timeOfSeconds, type WallTime } from './times.js';

export type AppointmentRow = Selectable<AppointmentTables['appointments']>;

/** An appointment with the client of its order (who may see it). */
export type AppointmentWithClient = AppointmentRow & { client_id: number };

export function findAppointment(
  db: Kysely<Database>,
  id: number,
  { lock = false }: { lock?: boolean } = {},
): Promise<AppointmentWithClient | undefined> {
  return db
    .selectFrom('appointments as a')
    .innerJoin('orders as o', 'o.id', 'a.order_id')
    .selectAll('a')
    .select('o.client_id')
    .where('a.id', '=', id)
    .$if(lock, (q) => q.forNoKeyUpdate('a'))
    .executeTakeFirst();
}

const dateField = (what: string) => field.date({ nullable: true, example: '2026-01-12', description: what });
const timeField = (what: string) => field.string({ nullable: true, example: '10:00:00', description: what });

/** The declared reply shape of `appointmentView`. */
export const appointmentField = field.object({
  id: field.integer({ example: 31 }),
  order_id: field.integer({ example: 2 }),
  status: field.string({ possibleValues: APPOINTMENT_STATUSES, example: 'scheduled' }),
  confirmed: field.boolean({ example: true }),
  cancelled: field.boolean({
    example: false,
    description: 'The appointment is canceled (see cancelations).',
  }),
  allday: field.boolean({ example: false }),
  appt_type: field.string({ nullable: true, example: 'photo_shoot' }),
  confirmed_at: field.datetime({ nullable: true }),
  confirmed_by: field.string({ nullable: true, example: 'Erin Employee' }),
  starts_at: field.datetime({ nullable: true, description: 'The start instant; null while only requested.' }),
  ends_at: field.datetime({ nullable: true }),
  date_start_local: dateField('Start date, property’s local time.'),
  time_start_local: timeField('Start time, property’s local time.'),
  date_start_office: dateField('Start date, office time zone.'),
  time_start_office: timeField('Start time, office time zone.'),
  date_start_utc: dateField('Start date, UTC.'),
  time_start_utc: timeField('Start time, UTC.'),
  date_stop_local: dateField('Stop date, property’s local time.'),
  time_stop_local: timeField('Stop time, property’s local time.'),
  date_stop_office: dateField('Stop date, office time zone.'),
  time_stop_office: timeField('Stop time, office time zone.'),
  date_stop_utc: dateField('Stop date, UTC.'),
  time_stop_utc: timeField('Stop time, UTC.'),
  local_utc_offset_minutes: field.integer({
    nullable: true,
    example: -420,
    description:
      'The property’s offset from UTC at the start, when known; null: local is the office time zone.',
  }),
  office_time_zone: field.string({ example: 'America/Denver' }),
  time_duration: field.string({
    nullable: true,
    example: '01:30:00',
    description: 'HH:MM:SS from start to stop.',
  }),
  delivery_type: field.string({ nullable: true, example: 'standard' }),
  description: field.string({ nullable: true, example: 'Interior and exterior photos' }),
  location: field.string({ nullable: true, example: '48 Elm Street, Portland, ME' }),
  notes: field.string({ nullable: true, example: 'Lockbox on the back door.' }),
  on_site_cancel: field.boolean({ example: false, description: 'Canceled less than 2 h before its start.' }),
  same_day_cancel: field.boolean({
    example: false,
    description: 'Canceled less than 24 h before its start.',
  }),
  optional: field.boolean({ example: false }),
  order_request_appt_id: field.integer({ nullable: true, example: null }),
  photographer_name: field.string({ nullable: true, example: 'Pat PlanOtech' }),
  photographer_user_id: field.integer({ nullable: true, example: 9 }),
  requested_date: dateField('The date the client asked for.'),
  requested_time: timeField('The time the client asked for.'),
  summary: field.string({ nullable: true, example: 'Photos: 25' }),
  created_by: field.string({ nullable: true, example: 'Erin Employee' }),
  created_in: field.string({ nullable: true, example: 'planoorder' }),
  updated_at_mt: field.string({ nullable: true, example: '01/05/2026 09:30:00' }),
  updated_by: field.string({ nullable: true, example: 'Erin Employee' }),
  uuid: field.string({ nullable: true, example: '3f1c2b9e-8d4a-4c6e-9b1f-0a2d3e4f5a6b' }),
  created_at: field.datetime(),
  updated_at: field.datetime(),
});

const NONE: WallTime | null = null;

/** The appointment as the API returns it, its times rendered three ways. */
export function appointmentView(row: AppointmentRow, officeTimeZone: string) {
  const start = row.starts_at && renderingsOf(row.starts_at, officeTimeZone, row.local_utc_offset_minutes);
  const stop = row.ends_at && renderingsOf(row.ends_at, officeTimeZone, row.local_utc_offset_minutes);
  const part = (r: typeof start, which: 'local' | 'office' | 'utc') => r?.[which] ?? NONE;
  return {
    id: row.id,
    order_id: row.order_id,
    status: row.status,
    confirmed: row.confirmed,
    cancelled: row.status === 'canceled',
    allday: row.allday,
    appt_type: row.appt_type,
    confirmed_at: row.confirmed_at?.toISOString() ?? null,
    confirmed_by: row.confirmed_by,
    starts_at: row.starts_at?.toISOString() ?? null,
    ends_at: row.ends_at?.toISOString() ?? null,
    date_start_local: part(start, 'local')?.date ?? null,
    time_start_local: part(start, 'local')?.time ?? null,
    date_start_office: part(start, 'office')?.date ?? null,
    time_start_office: part(start, 'office')?.time ?? null,
    date_start_utc: part(start, 'utc')?.date ?? null,
    time_start_utc: part(start, 'utc')?.time ?? null,
    date_stop_local: part(stop, 'local')?.date ?? null,
    time_stop_local: part(stop, 'local')?.time ?? null,
    date_stop_office: part(stop, 'office')?.date ?? null,
    time_stop_office: part(stop, 'office')?.time ?? null,
    date_stop_utc: part(stop, 'utc')?.date ?? null,
    time_stop_utc: part(stop, 'utc')?.time ?? null,
    local_utc_offset_minutes: row.local_utc_offset_minutes,
    office_time_zone: officeTimeZone,
    time_duration: row.duration_seconds === null ? null : timeOfSeconds(row.duration_seconds),
    delivery_type: row.delivery_type,
    description: row.description,
    location: row.location,
    notes: row.notes,
    on_site_cancel: row.on_site_cancel,
    same_day_cancel: row.same_day_cancel,
    optional: row.optional,
    order_request_appt_id: row.order_request_appt_id,
    photographer_name: row.photographer_name,
    photographer_user_id: row.photographer_user_id,
    requested_date: row.requested_date,
    requested_time: row.requested_time,
    summary: row.summary,
    created_by: row.created_by,
    created_in: row.created_in,
    updated_at_mt: row.updated_at_mt,
    updated_by: row.updated_by,
    uuid: row.uuid,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

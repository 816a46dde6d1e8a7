import { param } from '../protocol/params.js';

const TEXT = 1_000;
const NOTE = 5_000;
const NAME = 200;

const startOrStop = (end: 'start' | 'stop') => (end === 'start' ? 'start' : 'stop (end)');

const dateDoc = (end: 'start' | 'stop', rendering: string) =>
  `Date of the ${startOrStop(end)} in ${rendering}. With its time it sets the ${end}; alone, only with allday=true (the day's midnight).`;
const timeDoc = (end: 'start' | 'stop', rendering: string) =>
  `Time (24 h) of the ${startOrStop(end)} in ${rendering}; needs its date.`;
const LOCAL =
  'the property’s local time (with a UTC or office time it fixes the local offset; alone it is read in the office time zone)';
const OFFICE = 'the office’s time zone (OFFICE_TIME_ZONE)';
const UTC = 'UTC';

/**
 * Every param of `appointments/create` at the real page's position (catalogue row 10) beside the
 * common ones; `appointments/update` takes the same, all optional. Types the page states are shown
 * as such; the rest are `string` (of a date or time format where the name says one).
 */
export function appointmentFieldParams<const R extends boolean>(updatedAtMtRequired: R) {
  return {
    confirmed: param.boolean({
      position: 1200,
      example: true,
      description:
        'The appointment is confirmed (scheduled). Confirming sets confirmed_at to now unless given.',
    }),
    cancelled: param.boolean({
      position: 1300,
      example: false,
      description: 'Read-only here: only false is accepted. Cancel an appointment with cancelations/create.',
    }),
    allday: param.boolean({
      position: 1400,
      example: false,
      description: 'An all-day appointment: dates may come without times.',
    }),
    appt_type: param.string({
      position: 1500,
      maxLength: NAME,
      example: 'photo_shoot',
      description: 'Kind of visit.',
    }),
    confirmed_at: param.datetime({
      position: 1600,
      example: '2026-01-04T15:00:00Z',
      description: 'When it was confirmed; defaults to now when confirmed=true.',
    }),
    confirmed_by: param.string({
      position: 1700,
      maxLength: NAME,
      example: 'Erin Employee',
      description: 'Who confirmed it.',
    }),
    date_start_local: param.date({
      position: 1800,
      monthFirstWhen: 'month_first',
      example: '2026-01-12',
      description: dateDoc('start', LOCAL),
    }),
    date_start_office: param.date({
      position: 1900,
      shownAs: 'string',
      monthFirstWhen: 'month_first',
      example: '2026-01-12',
      description: dateDoc('start', OFFICE),
    }),
    date_stop_local: param.date({
      position: 2000,
      shownAs: 'string',
      monthFirstWhen: 'month_first',
      example: '2026-01-12',
      description: dateDoc('stop', LOCAL),
    }),
    date_stop_office: param.date({
      position: 2100,
      shownAs: 'string',
      monthFirstWhen: 'month_first',
      example: '2026-01-12',
      description: dateDoc('stop', OFFICE),
    }),
    delivery_type: param.string({
      position: 2200,
      maxLength: NAME,
      example: 'standard',
      description: 'How the media is delivered.',
    }),
    description: param.string({
      position: 2300,
      maxLength: TEXT,
      example: 'Interior and exterior photos',
      description: 'What the visit is for.',
    }),
    location: param.string({
      position: 2400,
      maxLength: TEXT,
      example: '48 Elm Street, Portland, ME',
      description: 'Where.',
    }),
    notes: param.string({
      position: 2500,
      maxLength: NOTE,
      example: 'Lockbox on the back door.',
      description: 'Notes for the photographer.',
    }),
    on_site_cancel: param.boolean({
      position: 2600,
      example: false,
      description:
        'Read-only here: only false is accepted; a cancelation less than 2 h before the start sets it.',
    }),
    optional: param.boolean({ position: 2700, example: false, description: 'The visit is optional.' }),
    order_id: param.integer({
      position: 2800,
      min: 1,
      example: 2,
      description: 'The order the appointment belongs to (needed to create one; it cannot change).',
    }),
    order_request_appt_id: param.integer({
      position: 2900,
      min: 1,
      example: 77,
      description: 'The requested appointment of the order request this one came from.',
    }),
    photographer_name: param.string({
      position: 3000,
      maxLength: NAME,
      example: 'Pat PlanOtech',
      description: 'The photographer (PlanOtech).',
    }),
    photographer_user_id: param.integer({
      position: 3100,
      min: 1,
      example: 9,
      description: 'User id of the photographer.',
    }),
    requested_date: param.date({
      position: 3200,
      monthFirstWhen: 'month_first',
      example: '2026-01-12',
      description: 'The date the client asked for, kept as given.',
    }),
    requested_time: param.time({
      position: 3300,
      example: '10:00',
      description: 'The time the client asked for, kept as given.',
    }),
    same_day_cancel: param.boolean({
      position: 3400,
      example: false,
      description:
        'Read-only here: only false is accepted; a cancelation less than 24 h before the start sets it.',
    }),
    time_start_local: param.time({
      position: 3500,
      requires: ['date_start_local'],
      example: '10:00',
      description: timeDoc('start', LOCAL),
    }),
    time_start_office: param.time({
      position: 3600,
      shownAs: 'string',
      requires: ['date_start_office'],
      example: '10:00',
      description: timeDoc('start', OFFICE),
    }),
    time_stop_local: param.time({
      position: 3700,
      shownAs: 'string',
      requires: ['date_stop_local'],
      example: '11:30',
      description: timeDoc('stop', LOCAL),
    }),
    time_stop_office: param.time({
      position: 3800,
      shownAs: 'string',
      requires: ['date_stop_office'],
      example: '11:30',
      description: timeDoc('stop', OFFICE),
    }),
    summary: param.string({
      position: 3900,
      maxLength: TEXT,
      example: 'Photos: 25, twilight add-on',
      description: 'One-line summary.',
    }),
    time_duration: param.time({
      position: 4000,
      shownAs: 'string',
      example: '01:30',
      description:
        'Length of the visit, HH:MM or HH:MM:SS (under 24 h); gives the stop when none is given, else must agree with it.',
    }),
    created_by: param.string({
      position: 4100,
      maxLength: NAME,
      example: 'Erin Employee',
      description: 'Who created it (as the calling app names them).',
    }),
    created_in: param.string({
      position: 4200,
      maxLength: NAME,
      example: 'planoorder',
      description: 'The app it was created in.',
    }),
    updated_at_mt: param.string({
      position: 4300,
      required: updatedAtMtRequired,
      maxLength: 40,
      example: '01/05/2026 09:30:00',
      description: 'The caller’s (FileMaker’s) time of this change, Mountain Time, kept as written.',
    }),
    updated_by: param.string({
      position: 4400,
      maxLength: NAME,
      example: 'Erin Employee',
      description: 'Who made this change.',
    }),
    uuid: param.string({
      position: 4500,
      format: 'uuid',
      example: '3f1c2b9e-8d4a-4c6e-9b1f-0a2d3e4f5a6b',
      description:
        'The caller’s id of the appointment, unique: a create with a uuid already used on the same order returns that appointment (replayed).',
    }),
    created_at: param.string({
      position: 4600,
      maxLength: 40,
      example: '2026-01-05 09:30:00',
      description: 'Will be deleted: accepted and ignored (the server keeps its own times).',
    }),
    updated_at: param.string({
      position: 4700,
      maxLength: 40,
      example: '2026-01-05 09:30:00',
      description: 'Will be deleted: accepted and ignored (the server keeps its own times).',
    }),
    month_first: param.boolean({
      position: 4800,
      example: false,
      description:
        'Read the dates as MM/DD/YYYY (the FileMaker apps write them so); YYYY-MM-DD is read either way.',
    }),
    date_stop_utc: param.date({
      position: 4900,
      shownAs: 'string',
      monthFirstWhen: 'month_first',
      example: '2026-01-12',
      description: dateDoc('stop', UTC),
    }),
    date_start_utc: param.date({
      position: 5000,
      shownAs: 'string',
      monthFirstWhen: 'month_first',
      example: '2026-01-12',
      description: dateDoc('start', UTC),
    }),
    time_start_utc: param.time({
      position: 5100,
      shownAs: 'string',
      requires: ['date_start_utc'],
      example: '17:00',
      description: timeDoc('start', UTC),
    }),
    time_stop_utc: param.time({
      position: 5200,
      shownAs: 'string',
      requires: ['date_stop_utc'],
      example: '18:30',
      description: timeDoc('stop', UTC),
    }),
  };
}

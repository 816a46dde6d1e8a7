import type { ColumnType, Generated } from 'kysely';
import type { AppointmentStatus } from '../orders/tables.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
/** A column with a database default: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface AppointmentTables {
  /** A visit to the property (the shoot) for an order. */
  appointments: {
    id: Generated<number>;
    order_id: number;
    /** The start instant; null while only requested (requested_date / requested_time). */
    starts_at: Date | null;
    ends_at: Nullable<Date>;
    /** The offset of the property's local time from UTC at the start, in minutes (−420 for MST). */
    local_utc_offset_minutes: Nullable<number>;
    status: AppointmentStatus;
    allday: Defaulted<boolean>;
    confirmed: Defaulted<boolean>;
    confirmed_at: Nullable<Date>;
    confirmed_by: Nullable<string>;
    appt_type: Nullable<string>;
    delivery_type: Nullable<string>;
    description: Nullable<string>;
    location: Nullable<string>;
    notes: Nullable<string>;
    summary: Nullable<string>;
    optional: Defaulted<boolean>;
    /** Set by the cancelation that canceled it less than 24 h (same day) or 2 h (on site) before the start. */
    same_day_cancel: Defaulted<boolean>;
    on_site_cancel: Defaulted<boolean>;
    order_request_appt_id: Nullable<number>;
    photographer_name: Nullable<string>;
    photographer_user_id: Nullable<number>;
    /** What the client asked for, as given (YYYY-MM-DD, HH:MM[:SS]). */
    requested_date: Nullable<string>;
    requested_time: Nullable<string>;
    duration_seconds: Nullable<number>;
    created_by: Nullable<string>;
    created_in: Nullable<string>;
    updated_by: Nullable<string>;
    /** FileMaker's time of its last change (Mountain Time), as FileMaker writes it. */
    updated_at_mt: Nullable<string>;
    uuid: Nullable<string>;
    created_at: CreatedAt;
    updated_at: Date;
  };
}

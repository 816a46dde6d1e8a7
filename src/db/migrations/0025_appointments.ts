import { sql, type Kysely } from 'kysely';

/**
 * Appointments as `appointments/create` takes them: the start and stop instants (timestamptz; the
 * local, office and UTC renderings are derived), the caller's local offset, the flags, the
 * photographer and FileMaker's own fields. A requested appointment may have no start yet.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table appointments alter column starts_at drop not null`.execute(db);
  await db.schema
    .alterTable('appointments')
    .addColumn('ends_at', 'timestamptz')
    .addColumn('local_utc_offset_minutes', 'integer', (c) =>
      c.check(sql`local_utc_offset_minutes between -840 and 840`),
    )
    .addColumn('allday', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('confirmed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('confirmed_by', 'text')
    .addColumn('appt_type', 'text')
    .addColumn('delivery_type', 'text')
    .addColumn('description', 'text')
    .addColumn('location', 'text')
    .addColumn('notes', 'text')
    .addColumn('summary', 'text')
    .addColumn('optional', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('same_day_cancel', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('on_site_cancel', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('order_request_appt_id', 'integer')
    .addColumn('photographer_name', 'text')
    .addColumn('photographer_user_id', 'integer')
    .addColumn('requested_date', 'text')
    .addColumn('requested_time', 'text')
    .addColumn('duration_seconds', 'integer', (c) => c.check(sql`duration_seconds >= 0`))
    .addColumn('created_by', 'text')
    .addColumn('created_in', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at_mt', 'text')
    .addColumn('uuid', 'uuid', (c) => c.unique())
    .execute();
  await sql`alter table appointments add constraint appointments_stop_after_start
    check (ends_at is null or (starts_at is not null and ends_at >= starts_at))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table appointments drop constraint appointments_stop_after_start`.execute(db);
  await db.schema
    .alterTable('appointments')
    .dropColumn('ends_at')
    .dropColumn('local_utc_offset_minutes')
    .dropColumn('allday')
    .dropColumn('confirmed')
    .dropColumn('confirmed_at')
    .dropColumn('confirmed_by')
    .dropColumn('appt_type')
    .dropColumn('delivery_type')
    .dropColumn('description')
    .dropColumn('location')
    .dropColumn('notes')
    .dropColumn('summary')
    .dropColumn('optional')
    .dropColumn('same_day_cancel')
    .dropColumn('on_site_cancel')
    .dropColumn('order_request_appt_id')
    .dropColumn('photographer_name')
    .dropColumn('photographer_user_id')
    .dropColumn('requested_date')
    .dropColumn('requested_time')
    .dropColumn('duration_seconds')
    .dropColumn('created_by')
    .dropColumn('created_in')
    .dropColumn('updated_by')
    .dropColumn('updated_at_mt')
    .dropColumn('uuid')
    .execute();
  await sql`update appointments set starts_at = created_at where starts_at is null`.execute(db);
  await sql`alter table appointments alter column starts_at set not null`.execute(db);
}

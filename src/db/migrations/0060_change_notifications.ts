import { sql, type Kysely } from 'kysely';

/**
 * Every change that can alter what authenticating a request decides is announced on the channel
 * `planocore_changes`, so each server process can drop what it cached (src/auth/session-cache.ts):
 * a session row (`<schema>|session|<id>`: revocation, touch, purge), a user's role records
 * (`<schema>|user|<user id>`) and applications (`<schema>|all|`, they carry the role). The schema
 * prefix keeps databases that hold several schemas (test runs) apart. Triggers, not application
 * code, so a change made in SQL by an operator is announced too. The literals are frozen here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create function planocore_session_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('planocore_changes',
        current_schema() || '|session|' || case when tg_op = 'DELETE' then old.id else new.id end);
      return null;
    end $$`.execute(db);
  await sql`create function planocore_role_changed() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        perform pg_notify('planocore_changes', current_schema() || '|user|' || old.user_id);
      end if;
      if tg_op <> 'DELETE' then
        perform pg_notify('planocore_changes', current_schema() || '|user|' || new.user_id);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create function planocore_applications_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('planocore_changes', current_schema() || '|all|');
      return null;
    end $$`.execute(db);
  await sql`create trigger sessions_changed after update or delete on sessions
    for each row execute function planocore_session_changed()`.execute(db);
  for (const table of ['clients', 'employees', 'liaisons']) {
    await sql`create trigger ${sql.raw(`${table}_changed`)} after insert or update of user_id or delete
      on ${sql.table(table)} for each row execute function planocore_role_changed()`.execute(db);
  }
  await sql`create trigger applications_changed after insert or update or delete on applications
    for each statement execute function planocore_applications_changed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger applications_changed on applications`.execute(db);
  for (const table of ['clients', 'employees', 'liaisons']) {
    await sql`drop trigger ${sql.raw(`${table}_changed`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop trigger sessions_changed on sessions`.execute(db);
  await sql`drop function planocore_applications_changed()`.execute(db);
  await sql`drop function planocore_role_changed()`.execute(db);
  await sql`drop function planocore_session_changed()`.execute(db);
}

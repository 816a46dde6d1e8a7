import { sql, type Kysely } from 'kysely';

/**
 * The session lookup every authenticated request makes, as a PL/pgSQL function. The query joins
 * six relations; planning it cost more than running it (PostgreSQL 0.55 ms planning vs 0.18 ms
 * executing, PGlite more). PL/pgSQL prepares the statement once per connection and reuses the
 * plan, so a lookup costs about what a primary-key SELECT does.
 *
 * Its columns are `StoredSession` (src/auth/session-store.ts). A change to them is a new migration
 * that replaces this function; test/auth/session-lookup.test.ts compares it with the same session
 * read through Kysely.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function session_by_token_hash(p_token_hash text)
    returns table (
      id integer, token_hash text, user_id integer, application_id integer,
      application_slug text, role text, remember_me boolean,
      acting_user_id integer, acting_email text, acting_first_name text, acting_last_name text,
      origin_session_id integer, origin_revoked_at timestamptz, origin_created_at timestamptz,
      origin_last_used_at timestamptz, origin_remember_me boolean,
      redirect_url text, created_at timestamptz, last_used_at timestamptz,
      revoked_at timestamptz, revoked_reason text,
      email text, first_name text, last_name text,
      client_id integer, employee_id integer, liaison_id integer
    )
    language plpgsql stable
    as $body$
    begin
      return query
      select s.id, s.token_hash, s.user_id, s.application_id,
             a.slug, a.role, s.remember_me,
             s.acting_user_id, actor.email, actor.first_name, actor.last_name,
             s.origin_session_id, origin.revoked_at, origin.created_at,
             origin.last_used_at, origin.remember_me,
             s.redirect_url, s.created_at, s.last_used_at,
             s.revoked_at, s.revoked_reason,
             u.email, u.first_name, u.last_name,
             (select c.id from clients c where c.user_id = s.user_id),
             (select e.id from employees e where e.user_id = s.user_id),
             (select l.id from liaisons l where l.user_id = s.user_id)
        from sessions s
        join users u on u.id = s.user_id
        join applications a on a.id = s.application_id
        left join users actor on actor.id = s.acting_user_id
        left join sessions origin on origin.id = s.origin_session_id
       where s.token_hash = p_token_hash;
    end
    $body$
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function session_by_token_hash(text)`.execute(db);
}

import { sql, type Kysely } from 'kysely';

/**
 * An email's one-time secret (a password-reset token) moves out of its body into `secret`: the
 * body keeps a placeholder, the sender puts the token in at send time, and the column is erased
 * once the email settles or its `send_before` passes. `redact_when_settled` becomes
 * `carries_secret`: such an email is never sent without its secret. Literals are frozen here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table email_outbox add column secret text`.execute(db);
  await sql`alter table email_outbox rename column redact_when_settled to carries_secret`.execute(db);
  // Reset emails still waiting: their token leaves the body (settled ones were already blanked).
  await sql`update email_outbox set
      secret = substring(text_body from 'reset_token=([A-Za-z0-9_-]+)'),
      text_body = regexp_replace(text_body, 'reset_token=[A-Za-z0-9_-]+', 'reset_token=__one_time_secret__', 'g'),
      html_body = regexp_replace(html_body, 'reset_token=[A-Za-z0-9_-]+', 'reset_token=__one_time_secret__', 'g')
    where carries_secret and status in ('queued', 'sending')`.execute(db);
  await sql`update email_outbox set secret = null where send_before <= now()`.execute(db);
  await sql`alter table email_outbox add constraint email_outbox_secret_check
    check (secret is null or (carries_secret and send_before is not null))`.execute(db);
  // The sweep that erases secrets past their send_before reads only rows that still hold one.
  await sql`create index email_outbox_secret_expiry_idx on email_outbox (send_before)
    where secret is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index email_outbox_secret_expiry_idx`.execute(db);
  await sql`alter table email_outbox drop constraint email_outbox_secret_check`.execute(db);
  await sql`update email_outbox set
      text_body = replace(text_body, '__one_time_secret__', secret),
      html_body = replace(html_body, '__one_time_secret__', secret)
    where secret is not null`.execute(db);
  await sql`alter table email_outbox rename column carries_secret to redact_when_settled`.execute(db);
  await sql`alter table email_outbox drop column secret`.execute(db);
}

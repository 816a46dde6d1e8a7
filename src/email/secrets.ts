import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * An email's one-time secret (the token of a password-reset link) is never part of its stored
 * body. The body holds this placeholder instead; the secret waits in `email_outbox.secret` only
 * while the email may still be sent, and is put in at send time. It is erased when the email
 * settles (sent, rejected, failed: one write with the result) and once `send_before` passes
 * (`eraseExpiredSecrets`, each round of the outbox worker), so no usable token stays readable in
 * the database. URL- and HTML-safe, so it survives being put into a link and escaped.
 */
export const SECRET_PLACEHOLDER = '__one_time_secret__';

/** The body as it is sent: the placeholder replaced by the secret. */
export function withSecret(body: string, secret: string | null): string {
  return secret === null ? body : body.replaceAll(SECRET_PLACEHOLDER, secret);
}

/**
 * Erases the secrets of emails past their `send_before`, whatever their status: a row a worker is
 * sending right now already holds its copy, and records its result as usual. Returns how many.
 */
export async function eraseExpiredSecrets(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db
    .updateTable('email_outbox')
    .set({ secret: null, updated_at: now })
    .where('secret', 'is not', null)
    .where('send_before', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

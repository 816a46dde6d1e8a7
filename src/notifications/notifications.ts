import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { NotificationKind, NotificationSeverity } from './tables.js';

export interface NewNotification {
  readonly kind: NotificationKind;
  readonly severity: NotificationSeverity;
  readonly message: string;
  readonly context?: Record<string, unknown>;
  /** Reporting the same key again records nothing new (retries and races report once). */
  readonly dedupeKey?: string;
}

/** Adds a notification to the production feed; with a dedupe key, at most once per key. */
export async function recordNotification(
  db: Kysely<Database>,
  notification: NewNotification,
  now: Date,
): Promise<{ id: number; created: boolean }> {
  const inserted = await db
    .insertInto('notifications')
    .values({
      kind: notification.kind,
      severity: notification.severity,
      message: notification.message,
      context: JSON.stringify(notification.context ?? {}),
      dedupe_key: notification.dedupeKey ?? null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db
    .selectFrom('notifications')
    .select('id')
    .where('dedupe_key', '=', notification.dedupeKey!)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

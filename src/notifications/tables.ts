import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export const NOTIFICATION_SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type NotificationSeverity = (typeof NOTIFICATION_SEVERITIES)[number];

export const NOTIFICATION_KINDS = [
  /** A route answered `mandrill-email-failed`; the email stays in the outbox for retry. */
  'mandrill-email-failed',
  /** Mandrill refused the recipient (`rejected`/`invalid`); the email will not be retried. */
  'email-rejected',
  /** Every attempt failed, or the email expired before it could be sent. */
  'email-failed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationTables {
  /** The production notifications feed the dev team watches. */
  notifications: {
    id: Generated<number>;
    kind: NotificationKind;
    severity: NotificationSeverity;
    message: string;
    context: JSONColumnType<Record<string, unknown>>;
    /** One notification per key: a failure reported twice (retries, races) is recorded once. */
    dedupe_key: string | null;
    created_at: ColumnType<Date, Date, never>;
    acknowledged_by: number | null;
    acknowledged_at: Date | null;
  };
}

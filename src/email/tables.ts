import type { ColumnType, Generated, JSONColumnType } from 'kysely';

export const EMAIL_STATUSES = ['queued', 'sending', 'sent', 'failed', 'rejected'] as const;
/**
 * - `queued`: waiting for its next attempt (`next_attempt_at`).
 * - `sending`: claimed by a worker until `locked_until`; claimed again after that if nobody reported.
 * - `sent`: Mandrill accepted it (`sent`, `queued` or `scheduled` for the recipient).
 * - `rejected`: Mandrill refused the recipient (`rejected`/`invalid`); never retried.
 * - `failed`: every attempt failed, or it expired (`send_before`) before it could go out.
 */
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export type EmailKind = 'welcome' | 'cancelation_notice' | 'password_reset' | 'order_confirmation';

export interface EmailTables {
  email_outbox: {
    id: Generated<number>;
    kind: EmailKind;
    to_email: string;
    to_name: string | null;
    /** Copied (Mandrill `cc`); a jsonb array, written as JSON text. */
    cc_emails: ColumnType<string[], string | undefined, never>;
    subject: string;
    html_body: string;
    text_body: string;
    /** Who and what the email is about (user_id, order_id …), for the notifications feed. */
    context: JSONColumnType<Record<string, unknown>>;
    /** Queueing the same key twice yields the one row. */
    idempotency_key: string;
    status: EmailStatus;
    attempts: Generated<number>;
    next_attempt_at: Date;
    /** Past this moment the email is pointless (a reset link that has expired) and is not sent. */
    send_before: Date | null;
    /** The email shows a one-time secret (a reset link): it is never sent without `secret`. */
    carries_secret: Generated<boolean>;
    /**
     * That secret, which the body shows as SECRET_PLACEHOLDER; erased once the email settles or
     * `send_before` passes (see `src/email/secrets.ts`).
     */
    secret: string | null;
    locked_until: Date | null;
    /** Identifies the claim; a worker whose lease ran out cannot overwrite a newer claim's result. */
    lock_token: string | null;
    last_error: string | null;
    mandrill_id: string | null;
    mandrill_status: string | null;
    reject_reason: string | null;
    queued_reason: string | null;
    created_at: ColumnType<Date, Date, never>;
    updated_at: Date;
    sent_at: Date | null;
  };
}

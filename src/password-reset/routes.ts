import type { Kysely } from 'kysely';
import { EXAMPLE_TOKENS, newPasswordParam } from '../auth/params.js';
import { revokeUserSessions } from '../auth/session-store.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { EMAIL_MAX_LENGTH, findUserByEmail } from '../auth/users.js';
import type { PasswordResetConfig } from '../config.js';
import type { Database } from '../schema.js';
import { SECRET_PLACEHOLDER } from '../email/secrets.js';
import { renderPasswordReset } from '../email/templates.js';
import { ApiError } from '../protocol/errors.js';
import { param } from '../protocol/params.js';
import { defineRoute } from '../protocol/route.js';
import { field } from '../protocol/reply.js';

const REQUEST_PATH = '/api/v1/users/password_reset_request';

export const passwordResetRequestRoute = defineRoute({
  method: 'POST',
  path: REQUEST_PATH,
  title: 'Request Password Reset',
  purpose: `Emails the user a one-time link to choose a new password, and answers only once Mandrill has accepted the email. When Mandrill fails, or the server has no Mandrill API key, the answer is \`mandrill-email-failed\` (its message says which): the reset token stays valid, the email stays in the outbox and is retried (unless Mandrill refused the address), and a notification goes to the production feed. The link holds a 256-bit token, valid once, for one hour by default; an expired link is never sent, and the token is readable in the database only until its email is sent or expires.`,
  service: 'users',
  auth: { kind: 'public' },
  params: {
    email: param.string({
      position: 100,
      required: true,
      maxLength: EMAIL_MAX_LENGTH,
      format: 'email',
      example: 'client@demo.planocore.test',
      description: 'Email address of the user whose password is to be reset.',
    }),
  },
  statuses: ['email-not-found', 'rate-limit-exceeded'],
  reply: field.object({
    email_sent: field.boolean({ example: true, description: 'Mandrill accepted the email.' }),
    expires_at: field.datetime({ description: 'When the link stops working.' }),
  }),
  handler: async (input, ctx) => {
    await ctx.addressThrottle.admit('password-reset-ip', ctx.ip, ctx.config.addressThrottle.passwordReset);
    const user = await findUserByEmail(ctx.db, input.email);
    if (!user) {
      throw new ApiError('email-not-found', 'No user has this email address.', [
        { param: 'email', status: 'email-not-found', message: 'email is not registered' },
      ]);
    }
    const settings = ctx.config.passwordReset;
    const now = ctx.clock.now();
    await assertBelowLimit(ctx.db, user.id, now, settings);

    const token = newToken('pr');
    const expiresAt = new Date(now.getTime() + settings.ttlMs);
    // The stored email shows a placeholder; the token is put in at send time (src/email/secrets.ts).
    const link = new URL(settings.url);
    link.searchParams.set('reset_token', SECRET_PLACEHOLDER);
    const queued = await ctx.db.transaction().execute(async (trx) => {
      const reset = await trx
        .insertInto('password_reset_tokens')
        .values({
          user_id: user.id,
          token_hash: hashToken(token),
          created_at: now,
          expires_at: expiresAt,
          ip: ctx.ip,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return ctx.email.queueForImmediateSend(trx, {
        kind: 'password_reset',
        to: { email: user.email, name: `${user.first_name} ${user.last_name}`.trim() || null },
        ...renderPasswordReset({
          firstName: user.first_name,
          link: link.toString(),
          expiresInMinutes: Math.round(settings.ttlMs / 60_000),
        }),
        idempotencyKey: `password_reset:${reset.id}`,
        context: { user_id: user.id, password_reset_token_id: reset.id },
        // A link that has expired is not worth sending; the token is erased once sent or expired.
        sendBefore: expiresAt,
        secret: token,
      });
    });
    await ctx.email.sendNow(queued, { requestId: ctx.requestId, route: REQUEST_PATH });
    return { email_sent: true, expires_at: expiresAt.toISOString() };
  },
});

/** Each request is a Mandrill send to someone's inbox: a few per user per window, counted in the database. */
async function assertBelowLimit(
  db: Kysely<Database>,
  userId: number,
  now: Date,
  settings: PasswordResetConfig,
): Promise<void> {
  const since = new Date(now.getTime() - settings.windowMs);
  const recent = await db
    .selectFrom('password_reset_tokens')
    .select('created_at')
    .where('user_id', '=', userId)
    .where('created_at', '>', since)
    .orderBy('created_at', 'asc')
    .execute();
  if (recent.length < settings.maxPerWindow) return;
  const freesAt = recent[recent.length - settings.maxPerWindow]!.created_at.getTime() + settings.windowMs;
  throw new ApiError('rate-limit-exceeded', 'Too many password reset requests; try again later.', [], {
    retry_after_seconds: Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000)),
  });
}

export const passwordResetRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/users/password_reset',
  title: 'Reset Password',
  purpose:
    'Sets a new password with the token from a password reset email. The token works once; every other open reset token of the user is used up too, and every session of the user is revoked.',
  service: 'users',
  sensitiveParams: true,
  auth: { kind: 'public' },
  params: {
    reset_token: param.string({
      position: 100,
      required: true,
      maxLength: 200,
      example: EXAMPLE_TOKENS.passwordReset,
      description: 'The `reset_token` of the emailed link.',
    }),
    new_password: newPasswordParam(200),
  },
  statuses: ['reset-token-invalid'],
  reply: field.object({
    user_id: field.integer({ example: 42 }),
    revoked_sessions: field.integer({ example: 2, description: 'How many sessions were revoked.' }),
  }),
  handler: async (input, ctx) => {
    const now = ctx.clock.now();
    const reset = await ctx.db
      .selectFrom('password_reset_tokens')
      .select(['id', 'user_id', 'expires_at', 'used_at'])
      .where('token_hash', '=', hashToken(input.reset_token))
      .executeTakeFirst();
    if (!reset) throw resetTokenInvalid('unknown');
    if (reset.used_at) throw resetTokenInvalid('used');
    if (now >= reset.expires_at) throw resetTokenInvalid('expired');

    const passwordHash = await ctx.passwords.hash(input.new_password);
    const revoked = await ctx.db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('password_reset_tokens')
        .set({ used_at: now })
        .where('user_id', '=', reset.user_id)
        .where('used_at', 'is', null)
        .returning('id')
        .execute();
      // Another request used this token between our read and this write.
      if (!used.some((row) => row.id === reset.id)) throw resetTokenInvalid('used');
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, password_changed_at: now })
        .where('id', '=', reset.user_id)
        .execute();
      return revokeUserSessions(trx, reset.user_id, 'password-reset', now);
    });
    ctx.sessions.forgetUser(reset.user_id);
    return { user_id: reset.user_id, revoked_sessions: revoked };
  },
});

function resetTokenInvalid(reason: 'unknown' | 'used' | 'expired'): ApiError {
  const message =
    reason === 'expired'
      ? 'The reset link has expired; request a new one.'
      : reason === 'used'
        ? 'The reset link has already been used; request a new one.'
        : 'The reset link is not valid; request a new one.';
  return new ApiError(
    'reset-token-invalid',
    message,
    [{ param: 'reset_token', status: 'reset-token-invalid', message }],
    {
      reason,
    },
  );
}

export const passwordResetRoutes = [passwordResetRequestRoute, passwordResetRoute];

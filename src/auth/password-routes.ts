import { ApiError } from '../protocol/errors.js';
import { param } from '../protocol/params.js';
import { defineRoute, WithSession } from '../protocol/route.js';
import { assertAccountOwner } from './hand-off.js';
import { commonParams, newPasswordParam } from './params.js';
import { PASSWORD_MAX_LENGTH } from './passwords.js';
import { revokeUserSessions } from './session-store.js';
import { openSession, userAgentOf } from './sign-in.js';
import { field } from '../protocol/reply.js';

export const updatePasswordRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/users/update_password',
  title: 'Update Password',
  purpose:
    'Changes the signed-in user’s password. Every session of the user is revoked; the reply carries a new session for the caller. A hand-off (XSO) session, which acts for the client on someone else’s behalf, may not change the password nor set one where none exists (`hand-off-not-allowed`).',
  service: 'users',
  sensitiveParams: true,
  auth: { kind: 'user' },
  params: {
    ...commonParams,
    current_password: param.string({
      position: 400,
      maxLength: PASSWORD_MAX_LENGTH,
      example: 'demo-password',
      description: 'The password in use now; required when the user has one.',
    }),
    new_password: newPasswordParam(500),
  },
  statuses: ['invalid-password', 'hand-off-not-allowed'],
  reply: field.object({
    revoked_sessions: field.integer({
      example: 3,
      description: 'How many sessions were revoked; the new one is the envelope’s `session`.',
    }),
  }),
  handler: async (input, ctx) => {
    assertAccountOwner(ctx.auth, 'new_password', 'change the password');
    const userId = ctx.auth.userId;
    const user = await ctx.db
      .selectFrom('users')
      .select(['password_hash'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    if (user.password_hash) {
      if (input.current_password === undefined) throw ApiError.missingParam('current_password');
      if (!(await ctx.passwords.verify(user.password_hash, input.current_password))) {
        throw new ApiError('invalid-password', 'The current password is not correct.', [
          {
            param: 'current_password',
            status: 'invalid-password',
            message: 'current_password does not match',
          },
        ]);
      }
    }
    const now = ctx.clock.now();
    const passwordHash = await ctx.passwords.hash(input.new_password);
    const revoked = await ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, password_changed_at: now })
        .where('id', '=', userId)
        .execute();
      return revokeUserSessions(trx, userId, 'password-changed', now);
    });
    ctx.sessions.forgetUser(userId);
    const { payload } = await openSession(ctx.db, {
      userId,
      applicationSlug: ctx.auth.applicationSlug,
      rememberMe: false,
      view: input.session_view ?? 'default',
      now,
      ip: ctx.ip,
      userAgent: userAgentOf(ctx.headers),
    });
    return new WithSession({ revoked_sessions: revoked }, payload);
  },
});

export const passwordRoutes = [updatePasswordRoute];

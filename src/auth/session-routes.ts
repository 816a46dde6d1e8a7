import { ApiError } from '../protocol/errors.js';
import { param } from '../protocol/params.js';
import { defineRoute, WithSession } from '../protocol/route.js';
import { applicationParam } from './applications.js';
import { assertAccountOwner, isHandOff } from './hand-off.js';
import { APPLICATION_SLUGS, applicationViewParam, commonParams, SESSION_VIEWS } from './params.js';
import { PASSWORD_MAX_LENGTH } from './passwords.js';
import { expiredBecause, expiryOf, originEndedBecause } from './session-policy.js';
import { revokeUserSessions, withPeople } from './session-store.js';
import { renderSession, sessionField, sessionTimesFields } from './session-views.js';
import { hasAnyRole, openSession, userAgentOf } from './sign-in.js';
import { EMAIL_MAX_LENGTH, findUserByEmail, roleIdsOf } from './users.js';
import { field } from '../protocol/reply.js';

export const createSessionRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/sessions/create',
  title: 'Create Session',
  purpose:
    'Signs a user in with email and password and returns a session token for the application. A user with no client, employee or liaison record still receives the session, with `client-required`, so they can register as a client.',
  service: 'sessions',
  sensitiveParams: true,
  auth: { kind: 'public' },
  params: {
    email: param.string({
      position: 1,
      required: true,
      maxLength: EMAIL_MAX_LENGTH,
      example: 'client@demo.planocore.test',
      description: 'Email address of the user.',
    }),
    password: param.string({
      position: 2,
      required: true,
      maxLength: PASSWORD_MAX_LENGTH,
      example: 'demo-password',
      description: 'The user’s password.',
    }),
    application: param.string({
      position: 3,
      required: true,
      legacyDefault: 'planoauth',
      possibleValues: APPLICATION_SLUGS,
      example: 'planoauth',
      description: 'Application being signed in to; it picks the role the session acts as.',
    }),
    redirect_url: param.string({
      position: 3,
      maxLength: 2048,
      format: 'url',
      example: 'https://auth.planomatic.example/dashboard',
      description:
        'Where the application sends the user after signing in; returned in the full session view.',
    }),
    view: param.string({
      position: 4,
      possibleValues: SESSION_VIEWS,
      example: 'default',
      description: 'View of the session object returned, as older callers name it; `session_view` wins.',
    }),
    application_view: applicationViewParam,
    session_view: param.string({
      position: 300,
      possibleValues: SESSION_VIEWS,
      example: 'default',
      description: 'View of session object you would like returned.',
    }),
    remember_me: param.boolean({
      position: 400,
      example: false,
      description:
        'Keep the session until it is revoked instead of ending it after 7 days or 72 hours unused.',
    }),
  },
  statuses: [
    'email-not-found',
    'invalid-password',
    'user-has-no-password',
    'user-requires-role',
    'rate-limit-exceeded',
  ],
  reply: field.object({
    user_id: field.integer({
      example: 42,
      description: 'The signed-in user; the session is the envelope’s `session`.',
    }),
  }),
  handler: async (input, ctx) => {
    await ctx.loginThrottle.admit(input.email, ctx.ip);
    const user = await findUserByEmail(ctx.db, input.email);
    if (!user) {
      await ctx.passwords.verifyDecoy(input.password);
      await ctx.loginThrottle.recordFailure(input.email);
      throw new ApiError('email-not-found', 'No user has this email address.', [
        { param: 'email', status: 'email-not-found', message: 'email is not registered' },
      ]);
    }
    if (!user.password_hash) {
      await ctx.passwords.verifyDecoy(input.password);
      throw new ApiError('user-has-no-password', 'This account signs in through Google or a magic link.', [
        { param: 'password', status: 'user-has-no-password', message: 'the account has no password' },
      ]);
    }
    if (!(await ctx.passwords.verify(user.password_hash, input.password))) {
      await ctx.loginThrottle.recordFailure(input.email);
      throw new ApiError('invalid-password', 'The password is not correct.', [
        { param: 'password', status: 'invalid-password', message: 'password does not match' },
      ]);
    }
    await ctx.loginThrottle.recordSuccess(input.email, ctx.ip);
    if (ctx.passwords.needsRehash(user.password_hash)) {
      const rehashed = await ctx.passwords.hash(input.password);
      await ctx.db.updateTable('users').set({ password_hash: rehashed }).where('id', '=', user.id).execute();
    }

    const applicationSlug = input.application;
    const roles = await roleIdsOf(ctx.db, user.id);
    const appRole = (await applicationParam(ctx.db, applicationSlug)).role;
    if (hasAnyRole(roles) && roles[`${appRole}_id`] === null) {
      throw new ApiError(
        'user-requires-role',
        `${applicationSlug} acts as ${appRole}, and this user has no ${appRole} record.`,
        [{ param: 'application', status: 'user-requires-role', message: `the user is not a ${appRole}` }],
      );
    }
    const { payload } = await openSession(ctx.db, {
      userId: user.id,
      applicationSlug,
      rememberMe: input.remember_me ?? false,
      view: input.session_view ?? input.view ?? 'default',
      now: ctx.clock.now(),
      ip: ctx.ip,
      userAgent: userAgentOf(ctx.headers),
      redirectUrl: input.redirect_url ?? null,
    });
    if (!hasAnyRole(roles)) {
      throw new ApiError(
        'client-required',
        'The user has no client, employee or liaison record; register as a client with /api/v1/users/client_register.',
        [],
        null,
        payload,
      );
    }
    return new WithSession({ user_id: user.id }, payload);
  },
});

export const showSessionRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/sessions/show',
  title: 'Show Session',
  purpose: 'Returns the session behind the token, with its user, roles and expiry times.',
  service: 'sessions',
  auth: { kind: 'user' },
  params: { ...commonParams },
  reply: field.object({
    session: sessionField,
  }),
  handler: async (input, ctx) => {
    const session = ctx.auth.session;
    if (input.session_view === 'default') return { session: renderSession(session, 'default') };
    return { session: renderSession(await withPeople(ctx.db, session), 'full') };
  },
});

export const listSessionsRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/sessions/list',
  title: 'List Sessions',
  purpose:
    'Lists the signed-in user’s live sessions (devices), newest first, marking the current one. A hand-off (XSO) session, acting for the client on someone else’s behalf, sees only itself.',
  service: 'sessions',
  auth: { kind: 'user' },
  params: { ...commonParams },
  reply: field.object({
    sessions: field.list(
      field.object({
        id: field.integer({ example: 512 }),
        application: field.string({ example: 'planoauth' }),
        remember_me: field.boolean({ example: false }),
        ip: field.string({ nullable: true, example: '203.0.113.7' }),
        user_agent: field.string({ nullable: true, example: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)' }),
        acting_user_id: field.integer({
          nullable: true,
          example: null,
          description: 'Who acts for the user (XSO).',
        }),
        origin_session_id: field.integer({
          nullable: true,
          example: null,
          description: 'The session a hand-off was asked from.',
        }),
        ...sessionTimesFields,
        current: field.boolean({ example: true, description: 'true for the session of this request.' }),
      }),
      { description: 'Live sessions, newest first.' },
    ),
  }),
  handler: async (_input, ctx) => {
    const now = ctx.clock.now();
    const onlyItself = isHandOff(ctx.auth);
    const rows = await ctx.db
      .selectFrom('sessions as s')
      .innerJoin('applications as a', 'a.id', 's.application_id')
      .leftJoin('sessions as origin', 'origin.id', 's.origin_session_id')
      .select([
        's.id',
        'a.slug as application',
        's.remember_me',
        's.created_at',
        's.last_used_at',
        's.ip',
        's.user_agent',
        's.acting_user_id',
        's.origin_session_id',
        'origin.revoked_at as origin_revoked_at',
        'origin.created_at as origin_created_at',
        'origin.last_used_at as origin_last_used_at',
        'origin.remember_me as origin_remember_me',
      ])
      .where('s.user_id', '=', ctx.auth.userId)
      .$if(onlyItself, (q) => q.where('s.id', '=', ctx.auth.sessionId))
      .where('s.revoked_at', 'is', null)
      .orderBy('s.created_at', 'desc')
      .limit(200)
      .execute();
    const live = rows.filter((s) => expiredBecause(s, now) === null && originEndedBecause(s, now) === null);
    return {
      sessions: live.map((s) => ({
        id: s.id,
        application: s.application,
        remember_me: s.remember_me,
        ip: s.ip,
        user_agent: s.user_agent,
        acting_user_id: s.acting_user_id,
        origin_session_id: s.origin_session_id,
        created_at: s.created_at.toISOString(),
        last_used_at: s.last_used_at.toISOString(),
        expires_at: expiryOf(s).expires_at?.toISOString() ?? null,
        idle_expires_at: expiryOf(s).idle_expires_at?.toISOString() ?? null,
        current: s.id === ctx.auth.sessionId,
      })),
    };
  },
});

export const destroySessionRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/sessions/destroy',
  title: 'Destroy Session',
  purpose:
    'Signs out: revokes the current session, one of the user’s other sessions (`id`), or every other session (`all_others`). A hand-off (XSO) session, acting for the client on someone else’s behalf, revokes only itself (`hand-off-not-allowed` for another `id` or `all_others`).',
  service: 'sessions',
  auth: { kind: 'user' },
  params: {
    ...commonParams,
    id: param.integer({
      position: 400,
      example: 512,
      description:
        'Id of one of the user’s sessions to revoke; defaults to the current one. A hand-off session may name only itself.',
    }),
    all_others: param.boolean({
      position: 500,
      example: false,
      description:
        'Pass true to revoke every session of the user except the current one. Not from a hand-off session.',
    }),
  },
  statuses: ['hand-off-not-allowed'],
  reply: field.object({
    revoked: field.integer({ example: 1, description: 'How many sessions were revoked.' }),
  }),
  handler: async (input, ctx) => {
    const now = ctx.clock.now();
    const userId = ctx.auth.userId;
    if (input.all_others) assertAccountOwner(ctx.auth, 'all_others', "revoke the account's other sessions");
    if (input.id !== undefined && input.id !== ctx.auth.sessionId) {
      assertAccountOwner(ctx.auth, 'id', "revoke the account's other sessions");
    }
    if (input.all_others) {
      const revoked = await revokeUserSessions(
        ctx.db,
        userId,
        'signed-out-elsewhere',
        now,
        ctx.auth.sessionId,
      );
      ctx.sessions.forgetUser(userId);
      return { revoked };
    }
    const id = input.id ?? ctx.auth.sessionId;
    const result = await ctx.db
      .updateTable('sessions')
      .set({ revoked_at: now, revoked_reason: 'signed-out' })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw ApiError.invalidParam('id', 'id is not a live session of this user');
    ctx.sessions.forgetSession(id);
    return { revoked: 1 };
  },
});

export const sessionRoutes = [createSessionRoute, showSessionRoute, listSessionsRoute, destroySessionRoute];

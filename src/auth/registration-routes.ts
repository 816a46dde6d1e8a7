import { queueWelcomeEmail } from '../email/emails.js';
import { ApiError } from '../protocol/errors.js';
import { param } from '../protocol/params.js';
import { defineRoute, WithSession } from '../protocol/route.js';
import {
  clientCredentialParams,
  clientProfileParams,
  emailAlreadyRegistered,
  insertClient,
  validateClient,
} from './client-registration.js';
import { applicationViewParam, commonParams, SESSION_VIEWS } from './params.js';
import { applicationParam } from './applications.js';
import { findFullSessionById } from './session-store.js';
import { renderSession } from './session-views.js';
import { openSession, userAgentOf } from './sign-in.js';
import { findUserByEmail, isUniqueViolation } from './users.js';
import { field } from '../protocol/reply.js';

/** What both registration routes answer: the new client's ids. */
const registeredClientReply = field.object({
  user_id: field.integer({ example: 42 }),
  client_id: field.integer({ example: 311 }),
  company_id: field.integer({
    nullable: true,
    example: 27,
    description: 'The company, when one was named.',
  }),
});

export const registerClientRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/clients/register',
  title: 'Register Client',
  purpose:
    'Creates a user and their client record (and their company, when named), and signs them in to the application (PlanoAuth unless named). Only clients can register themselves.',
  service: 'clients',
  sensitiveParams: true,
  auth: { kind: 'public' },
  params: {
    view: param.string({
      position: 1,
      possibleValues: SESSION_VIEWS,
      example: 'default',
      description: 'View of the session object returned, as older callers name it; `session_view` wins.',
    }),
    application: param.string({
      position: 2,
      required: true,
      legacyDefault: 'planoauth',
      maxLength: 100,
      example: 'planoauth',
      description: 'Application the new client signs in to; it must act as a client (PlanoAuth, CaptuRE).',
    }),
    enterprise: param.boolean({
      position: 3,
      example: false,
      description:
        'Pass true when the client is an enterprise account; with no `client.company_id` it makes an enterprise client.',
    }),
    client: param.parent({
      position: 4,
      required: true,
      description: 'The new client.',
      children: { ...clientCredentialParams, ...clientProfileParams },
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
      description: 'Keep the new session until it is revoked.',
    }),
  },
  statuses: ['email-already-registered', 'client-validation-failed', 'rate-limit-exceeded'],
  reply: registeredClientReply,
  handler: async (input, ctx) => {
    await ctx.addressThrottle.admit('register-ip', ctx.ip, ctx.config.addressThrottle.register);
    const { client } = input;
    const application = await applicationParam(ctx.db, input.application);
    if (application.role !== 'client') {
      throw ApiError.invalidParam(
        'application',
        `application ${application.slug} acts as ${application.role}; clients register through an application acting as client`,
      );
    }
    await validateClient(ctx.db, client);
    if (await findUserByEmail(ctx.db, client.email)) throw emailAlreadyRegistered();
    const passwordHash = await ctx.passwords.hash(client.password);
    const now = ctx.clock.now();
    let created: { userId: number; clientId: number; companyId: number | null };
    try {
      created = await ctx.db.transaction().execute(async (trx) => {
        const user = await trx
          .insertInto('users')
          .values({
            email: client.email,
            password_hash: passwordHash,
            first_name: client.first_name.trim(),
            last_name: client.last_name.trim(),
            phone: client.phone ?? null,
            password_changed_at: now,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const row = await insertClient(trx, user.id, client, input.enterprise ?? false);
        await queueWelcomeEmail(trx, {
          userId: user.id,
          clientId: row.id,
          email: client.email,
          firstName: client.first_name,
          lastName: client.last_name,
          now,
        });
        return { userId: user.id, clientId: row.id, companyId: row.company_id };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw emailAlreadyRegistered();
      throw err;
    }
    const { payload } = await openSession(ctx.db, {
      userId: created.userId,
      applicationSlug: application.slug,
      rememberMe: input.remember_me ?? false,
      view: input.session_view ?? input.view ?? 'default',
      now,
      ip: ctx.ip,
      userAgent: userAgentOf(ctx.headers),
    });
    return new WithSession(
      { user_id: created.userId, client_id: created.clientId, company_id: created.companyId },
      payload,
    );
  },
});

export const clientRegisterRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/users/client_register',
  title: 'Register as Client',
  purpose:
    'Gives a signed-in user who has no client, employee or liaison record (the `client-required` case) a client record.',
  service: 'users',
  auth: { kind: 'user' },
  params: {
    ...commonParams,
    client: param.parent({
      position: 400,
      required: true,
      description: 'The client record to create.',
      children: clientProfileParams,
    }),
    enterprise: param.boolean({
      position: 500,
      example: false,
      description: 'Pass true when the client is an enterprise account.',
    }),
  },
  statuses: ['client-validation-failed'],
  reply: registeredClientReply,
  handler: async (input, ctx) => {
    const userId = ctx.auth.userId;
    if (ctx.auth.session.client_id !== null) {
      throw new ApiError('client-validation-failed', 'The user is already a client.', [
        {
          param: 'token',
          status: 'client-validation-failed',
          message: 'the signed-in user is already a client',
        },
      ]);
    }
    await validateClient(ctx.db, input.client);
    let row: { id: number; company_id: number | null };
    try {
      row = await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({
            first_name: input.client.first_name.trim(),
            last_name: input.client.last_name.trim(),
            ...(input.client.phone !== undefined ? { phone: input.client.phone } : {}),
          })
          .where('id', '=', userId)
          .execute();
        const created = await insertClient(trx, userId, input.client, input.enterprise ?? false);
        const { email } = await trx
          .selectFrom('users')
          .select('email')
          .where('id', '=', userId)
          .executeTakeFirstOrThrow();
        await queueWelcomeEmail(trx, {
          userId,
          clientId: created.id,
          email,
          firstName: input.client.first_name,
          lastName: input.client.last_name,
          now: ctx.clock.now(),
        });
        return created;
      });
      // The user's sessions now have a client record.
      ctx.sessions.forgetUser(userId);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ApiError('client-validation-failed', 'The user is already a client.');
      }
      throw err;
    }
    const session = (await findFullSessionById(ctx.db, ctx.auth.sessionId))!;
    return new WithSession(
      { user_id: userId, client_id: row.id, company_id: row.company_id },
      renderSession(session, input.session_view ?? 'default'),
    );
  },
});

export const registrationRoutes = [registerClientRoute, clientRegisterRoute];

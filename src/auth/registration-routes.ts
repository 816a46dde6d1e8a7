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
import { commonParams, SESSION_VIEWS } from './params.js';
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
    'Creates a user and their client record (and their company, when named), and signs them in to PlanoAuth. Only clients can register themselves.',
  service: 'clients',
  sensitiveParams: true,
  auth: { kind: 'public' },
  params: {
    client: param.parent({
      position: 100,
      required: true,
      description: 'The new client.',
      children: { ...clientCredentialParams, ...clientProfileParams },
    }),
    enterprise: param.boolean({
      position: 200,
      example: false,
      description: 'Pass true when the client is an enterprise account.',
    }),
    remember_me: param.boolean({
      position: 300,
      example: false,
      description: 'Keep the new session until it is revoked.',
    }),
    view: param.string({
      position: 400,
      possibleValues: SESSION_VIEWS,
      example: 'default',
      description: 'View of the session object returned.',
    }),
  },
  statuses: ['email-already-registered', 'client-validation-failed', 'rate-limit-exceeded'],
  reply: registeredClientReply,
  handler: async (input, ctx) => {
    await ctx.addressThrottle.admit('register-ip', ctx.ip, ctx.config.addressThrottle.register);
    const { client } = input;
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
      applicationSlug: 'planoauth',
      rememberMe: input.remember_me ?? false,
      view: input.view ?? 'default',
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

import type { Kysely } from 'kysely';
import { recordChange } from '../audit/trail.js';
import { issueApplicationToken } from '../auth/applications.js';
import { commonParams } from '../auth/params.js';
import type { Database } from '../schema.js';
import { ROLES } from '../protocol/auth-state.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { ADMIN_AUTH, ADMIN_SERVICE, unknownId } from './common.js';

const applicationField = field.object({
  id: field.integer({ example: 4 }),
  slug: field.string({ example: 'capture' }),
  name: field.string({ example: 'CaptuRE' }),
  role: field.string({
    possibleValues: ROLES,
    example: 'client',
    description: 'The role a request made through this application acts as.',
  }),
  has_token: field.boolean({ example: true, description: 'Whether an API token has been issued.' }),
  token_issued_at: field.datetime({ nullable: true, description: 'When the current token was issued.' }),
  created_at: field.datetime(),
});

function applicationRows(db: Kysely<Database>) {
  return db
    .selectFrom('applications')
    .select(['id', 'slug', 'name', 'role', 'token_hash', 'token_issued_at', 'created_at']);
}
type ApplicationRow = Awaited<ReturnType<ReturnType<typeof applicationRows>['executeTakeFirstOrThrow']>>;

function applicationView(row: ApplicationRow) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    role: row.role,
    has_token: row.token_hash !== null,
    token_issued_at: row.token_issued_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}

const idParam = param.integer({
  position: 400,
  required: true,
  example: 4,
  description: 'Id of the application.',
});

export const listApplications = defineRoute({
  method: 'GET',
  path: '/api/v1/applications/list',
  title: 'List Applications',
  purpose:
    'The applications requests come through (PlanoAuth, PlanoOrder, PlanoX2, CaptuRE, …), the role each picks and whether it has an API token. Tokens are never shown.',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: { ...commonParams },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({ applications: field.list(applicationField, { description: 'By slug.' }) }),
  handler: async (_input, ctx) => {
    const rows = await applicationRows(ctx.db).orderBy('slug').execute();
    return { applications: rows.map(applicationView) };
  },
});

export const issueApplicationTokenRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/applications/issue_token',
  title: 'Issue Application Token',
  purpose:
    'Issues a new API token for an application’s back end (server-to-server calls, such as CaptuRE redeeming a hand-off code). The reply is the only time the token is shown: only its SHA-256 is stored. The previous token stops working at once. Kept in the audit trail (without the token).',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: { ...commonParams, id: idParam },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    application: applicationField,
    token: field.string({
      example: 'pa_CGvSEC1Jf0dWtPyc4FpkalG3ocE0PKW375vQPt8N1-M',
      description: 'The new token, shown this once.',
    }),
  }),
  handler: async (input, ctx) => {
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const before = await applicationRows(trx).where('id', '=', input.id).forUpdate().executeTakeFirst();
      if (!before) throw unknownId('an application', input.id);
      const token = await issueApplicationToken(trx, before.slug);
      await trx
        .updateTable('applications')
        .set({ token_issued_at: now })
        .where('id', '=', input.id)
        .execute();
      const after = await applicationRows(trx).where('id', '=', input.id).executeTakeFirstOrThrow();
      await recordChange(trx, ctx.auth, {
        entityType: 'application',
        entityId: before.id,
        action: 'issue_token',
        before: { has_token: before.token_hash !== null, token_issued_at: before.token_issued_at },
        after: { has_token: true, token_issued_at: now },
        at: now,
      });
      return { application: applicationView(after), token };
    });
  },
});

export const updateApplication = defineRoute({
  method: 'POST',
  path: '/api/v1/applications/update',
  title: 'Update Application',
  purpose:
    'Changes the role an application picks (and its name). Sessions in it act as the new role from their next request. Kept in the audit trail.',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: {
    ...commonParams,
    id: idParam,
    role: param.string({
      position: 500,
      possibleValues: ROLES,
      example: 'client',
      description: 'The role requests made through this application act as.',
    }),
    name: param.string({
      position: 600,
      minLength: 1,
      maxLength: 100,
      example: 'CaptuRE',
      description: 'The name shown for the application.',
    }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    application: applicationField,
    changed: field.list(field.string({ example: 'role' }), { description: 'The fields that changed.' }),
  }),
  handler: async (input, ctx) => {
    const now = ctx.clock.now();
    const result = await ctx.db.transaction().execute(async (trx) => {
      const before = await applicationRows(trx).where('id', '=', input.id).forUpdate().executeTakeFirst();
      if (!before) throw unknownId('an application', input.id);
      const wanted = { role: input.role ?? before.role, name: input.name ?? before.name };
      const changed = (['role', 'name'] as const).filter((key) => wanted[key] !== before[key]);
      if (changed.length === 0) return { application: applicationView(before), changed: [] };
      await trx.updateTable('applications').set(wanted).where('id', '=', input.id).execute();
      await recordChange(trx, ctx.auth, {
        entityType: 'application',
        entityId: before.id,
        action: 'update',
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, wanted[k]])),
        at: now,
      });
      return { application: applicationView({ ...before, ...wanted }), changed };
    });
    // Cached sessions carry their application's role: this process drops them at once.
    if (result.changed.length > 0) ctx.sessions.forgetAll();
    return result;
  },
});

import type { Kysely } from 'kysely';
import { recordChange } from '../audit/trail.js';
import { commonParams } from '../auth/params.js';
import type { Database } from '../schema.js';
import { ApiError } from '../protocol/errors.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { ADMIN_AUTH, ADMIN_SERVICE, unknownId } from './common.js';

const SWITCH_NOTE =
  'Every server process sees the change by its first request after `ROUTE_STATE_TTL_MS` (5 s by default); the change is kept in the audit trail (who, when, before and after).';

const apiRouteField = field.object({
  id: field.integer({ example: 12 }),
  method: field.string({ example: 'GET' }),
  path: field.string({ example: '/api/v1/xso/capture_client' }),
  service: field.string({ example: 'xso' }),
  deployed: field.boolean({ example: true, description: 'The route’s own switch.' }),
  service_deployed: field.boolean({ example: true, description: 'The switch of its service.' }),
  updated_at: field.datetime(),
});

const apiServiceField = field.object({
  id: field.integer({ example: 3 }),
  slug: field.string({ example: 'xso' }),
  deployed: field.boolean({ example: true }),
  route_count: field.integer({ example: 2, description: 'Routes of this service.' }),
  updated_at: field.datetime(),
});

function routeRows(db: Kysely<Database>) {
  return db
    .selectFrom('api_routes as r')
    .innerJoin('api_services as s', 's.slug', 'r.service_slug')
    .select([
      'r.id',
      'r.method',
      'r.path',
      'r.service_slug as service',
      'r.deployed',
      's.deployed as service_deployed',
      'r.updated_at',
    ]);
}

type RouteRow = Awaited<ReturnType<ReturnType<typeof routeRows>['executeTakeFirstOrThrow']>>;
const routeView = (row: RouteRow) => ({ ...row, updated_at: row.updated_at.toISOString() });

/** The switches an admin may not turn off: they would lock every admin out of turning them on. */
const SELF_SWITCHES = new Set(['/api/v1/api_routes/update', '/api/v1/api_services/update']);

export const listApiRoutes = defineRoute({
  method: 'GET',
  path: '/api/v1/api_routes/list',
  title: 'List API Routes',
  purpose:
    'Every route record with its deployed switch and its service’s. A route answers only when both are on (`route-not-found`, `service-not-found` otherwise).',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: {
    ...commonParams,
    service: param.string({
      position: 400,
      maxLength: 100,
      example: 'xso',
      description: 'Only the routes of this service.',
    }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({ api_routes: field.list(apiRouteField, { description: 'By path, then method.' }) }),
  handler: async (input, ctx) => {
    const rows = await routeRows(ctx.db)
      .$if(input.service !== undefined, (q) => q.where('r.service_slug', '=', input.service!))
      .orderBy('r.path')
      .orderBy('r.method')
      .execute();
    return { api_routes: rows.map(routeView) };
  },
});

export const updateApiRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/api_routes/update',
  title: 'Update API Route',
  purpose: `Deploys or undeploys one route. ${SWITCH_NOTE} The two switch routes themselves cannot be undeployed.`,
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: {
    ...commonParams,
    id: param.integer({ position: 400, required: true, example: 12, description: 'Id of the route record.' }),
    deployed: param.boolean({
      position: 500,
      required: true,
      example: false,
      description: 'true deploys the route, false undeploys it.',
    }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    api_route: apiRouteField,
    changed: field.boolean({ example: true, description: 'false when it already was in that state.' }),
  }),
  handler: async (input, ctx) => {
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const before = await routeRows(trx).where('r.id', '=', input.id).forUpdate('r').executeTakeFirst();
      if (!before) throw unknownId('a route record', input.id);
      if (before.deployed === input.deployed) return { api_route: routeView(before), changed: false };
      if (!input.deployed && SELF_SWITCHES.has(before.path)) {
        throw ApiError.invalidParam(
          'id',
          `${before.path} cannot be undeployed: nobody could deploy it again`,
        );
      }
      await trx
        .updateTable('api_routes')
        .set({ deployed: input.deployed, updated_at: now })
        .where('id', '=', input.id)
        .execute();
      await recordChange(trx, ctx.auth, {
        entityType: 'api_route',
        entityId: before.id,
        action: input.deployed ? 'deploy' : 'undeploy',
        before: { method: before.method, path: before.path, deployed: before.deployed },
        after: { method: before.method, path: before.path, deployed: input.deployed },
        at: now,
      });
      return {
        api_route: routeView({ ...before, deployed: input.deployed, updated_at: now }),
        changed: true,
      };
    });
  },
});

function serviceRows(db: Kysely<Database>) {
  return db.selectFrom('api_services as s').select((eb) => [
    's.id',
    's.slug',
    's.deployed',
    's.updated_at',
    eb
      .selectFrom('api_routes as r')
      .whereRef('r.service_slug', '=', 's.slug')
      .select((e) => e.fn.countAll<number>().as('n'))
      .as('route_count'),
  ]);
}

type ServiceRow = Awaited<ReturnType<ReturnType<typeof serviceRows>['executeTakeFirstOrThrow']>>;
const serviceView = (row: ServiceRow) => ({
  id: row.id,
  slug: row.slug,
  deployed: row.deployed,
  route_count: Number(row.route_count ?? 0),
  updated_at: row.updated_at.toISOString(),
});

export const listApiServices = defineRoute({
  method: 'GET',
  path: '/api/v1/api_services/list',
  title: 'List API Services',
  purpose: 'Every API service record with its deployed switch; undeploying a service stops all its routes.',
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: { ...commonParams },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({ api_services: field.list(apiServiceField, { description: 'By slug.' }) }),
  handler: async (_input, ctx) => {
    const rows = await serviceRows(ctx.db).orderBy('s.slug').execute();
    return { api_services: rows.map(serviceView) };
  },
});

export const updateApiService = defineRoute({
  method: 'POST',
  path: '/api/v1/api_services/update',
  title: 'Update API Service',
  purpose: `Deploys or undeploys a whole service. ${SWITCH_NOTE} The \`${ADMIN_SERVICE}\` service cannot be undeployed.`,
  service: ADMIN_SERVICE,
  auth: ADMIN_AUTH,
  params: {
    ...commonParams,
    id: param.integer({
      position: 400,
      required: true,
      example: 3,
      description: 'Id of the service record.',
    }),
    deployed: param.boolean({
      position: 500,
      required: true,
      example: false,
      description: 'true deploys the service, false undeploys it (and every route of it).',
    }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({
    api_service: apiServiceField,
    changed: field.boolean({ example: true, description: 'false when it already was in that state.' }),
  }),
  handler: async (input, ctx) => {
    const now = ctx.clock.now();
    return ctx.db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('api_services')
        .select('id')
        .where('id', '=', input.id)
        .forUpdate()
        .executeTakeFirst();
      if (!locked) throw unknownId('a service record', input.id);
      const before = await serviceRows(trx).where('s.id', '=', input.id).executeTakeFirstOrThrow();
      if (before.deployed === input.deployed) return { api_service: serviceView(before), changed: false };
      if (!input.deployed && before.slug === ADMIN_SERVICE) {
        throw ApiError.invalidParam('id', `the ${ADMIN_SERVICE} service cannot be undeployed`);
      }
      await trx
        .updateTable('api_services')
        .set({ deployed: input.deployed, updated_at: now })
        .where('id', '=', input.id)
        .execute();
      await recordChange(trx, ctx.auth, {
        entityType: 'api_service',
        entityId: before.id,
        action: input.deployed ? 'deploy' : 'undeploy',
        before: { slug: before.slug, deployed: before.deployed },
        after: { slug: before.slug, deployed: input.deployed },
        at: now,
      });
      return {
        api_service: serviceView({ ...before, deployed: input.deployed, updated_at: now }),
        changed: true,
      };
    });
  },
});

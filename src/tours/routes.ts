import { clientToActFor } from '../access/may-act-for.js';
import { scopeToCaller } from '../access/scope.js';
import { visibleRecord } from '../access/visibility.js';
import { commonParams } from '../auth/params.js';
import { TOUR_STATUSES } from '../orders/tables.js';
import { ApiError } from '../protocol/errors.js';
import { pageField, paginate, paginationParams } from '../protocol/pagination.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { serviceContext } from '../protocol/service-context.js';
import { assertMayChangeTourFields, tourRef } from './access.js';
import { TOUR_FIELD_PARAMS, tourViewParam } from './params.js';
import { findTour, tourField, tourView } from './records.js';
import { createTour, updateTour } from './service.js';

const ALL_ROLES = { kind: 'roles', roles: ['employee', 'liaison', 'client'] } as const;
const tourReply = field.object({ tour: tourField });
const { address, ...otherFields } = TOUR_FIELD_PARAMS;

export const createTourRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/tours/create',
  title: 'Tours Create API',
  purpose:
    'Creates a tour (the marketing site of a property) for a client, as a draft. Employees create tours for any client, liaisons for their clients, clients for themselves.',
  service: 'tours',
  auth: ALL_ROLES,
  params: {
    ...commonParams,
    client_id: param.integer({
      position: 400,
      example: 311,
      description:
        'The client the tour belongs to: required for employees and liaisons; a client’s own when a client calls (another client’s id is refused).',
    }),
    address: { ...address, required: true as const },
    view: tourViewParam(500),
    ...otherFields,
  },
  statuses: ['client-access-denied', 'role-required'],
  reply: tourReply,
  handler: async ({ client_id, view, token: _t, application: _a, session_view: _s, ...fields }, ctx) => {
    const clientId = client_id ?? (ctx.auth.kind === 'client' ? ctx.auth.clientId : undefined);
    if (clientId === undefined)
      throw ApiError.missingParam('client_id', 'client_id is required for employees and liaisons');
    const client = await clientToActFor(ctx.db, ctx.auth, clientId);
    const row = await createTour(serviceContext(ctx), client.id, fields);
    return { tour: tourView(row, view) };
  },
});

export const updateTourRoute = defineRoute({
  method: 'PUT',
  path: '/api/v1/tours/update',
  title: 'Tours Update API',
  purpose:
    'Changes the given fields of a tour; fields not sent stay as they are. Employees change any tour, liaisons their clients’ tours; clients change only their own tour’s marketing fields (MLS number, rooms, square feet, price, what is hidden, property type, description, greeting).',
  service: 'tours',
  auth: ALL_ROLES,
  params: {
    ...commonParams,
    id: param.integer({ position: 400, required: true, example: 118, description: 'Id of the tour.' }),
    view: tourViewParam(500),
    ...TOUR_FIELD_PARAMS,
  },
  statuses: ['permission-denied', 'role-required'],
  reply: tourReply,
  handler: async ({ id, view, token: _t, application: _a, session_view: _s, ...fields }, ctx) => {
    await visibleRecord(ctx.db, ctx.auth, await findTour(ctx.db, id), (t) => t.client_id, tourRef(id));
    assertMayChangeTourFields(ctx.auth, fields);
    const row = await updateTour(serviceContext(ctx), id, fields);
    if (!row) throw ApiError.invalidParam('id', `tour ${id} does not exist`);
    return { tour: tourView(row, view) };
  },
});

export const readTourRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/tours/read',
  title: 'Tours Read API',
  purpose:
    'Returns one tour in the requested view. Clients read their own tours, liaisons their clients’, employees all; another client’s tour answers like one that does not exist.',
  service: 'tours',
  auth: ALL_ROLES,
  params: {
    ...commonParams,
    id: param.integer({ position: 400, required: true, example: 118, description: 'Id of the tour.' }),
    view: tourViewParam(500),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: tourReply,
  handler: async ({ id, view }, ctx) => {
    const row = await visibleRecord(
      ctx.db,
      ctx.auth,
      await findTour(ctx.db, id),
      (t) => t.client_id,
      tourRef(id),
    );
    return { tour: tourView(row, view) };
  },
});

export const listToursRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/tours/list',
  title: 'Tours List API',
  purpose:
    'Lists tours, newest first, a page at a time (`data.results`, `data.pagination`), filtered by client and status. Clients see their own tours, liaisons their clients’, employees all.',
  service: 'tours',
  auth: ALL_ROLES,
  params: {
    ...commonParams,
    client_id: param.integer({ position: 400, example: 311, description: 'Only this client’s tours.' }),
    view: tourViewParam(500),
    status: param.string({
      position: 600,
      possibleValues: TOUR_STATUSES,
      example: 'published',
      description: 'Only tours in this status.',
    }),
    mls_number: param.string({
      position: 900,
      maxLength: 50,
      example: 'ME-1577342',
      description: 'Only the tour of this MLS number.',
    }),
    ...paginationParams({ position: 2100, noun: 'tours' }),
  },
  statuses: ['role-required'],
  reply: pageField(tourField),
  handler: async (input, ctx) => {
    const filtered = scopeToCaller(ctx.db.selectFrom('tours'), ctx.auth, 'client_id')
      .$if(input.client_id !== undefined, (q) => q.where('client_id', '=', input.client_id!))
      .$if(input.status !== undefined, (q) => q.where('status', '=', input.status!))
      .$if(input.mls_number !== undefined, (q) => q.where('mls_number', '=', input.mls_number!));
    return paginate(
      filtered,
      input,
      (q) => q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc'),
      (row) => tourView(row, input.view),
    );
  },
});

export const tourRoutes = [createTourRoute, updateTourRoute, readTourRoute, listToursRoute];

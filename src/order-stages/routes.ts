import { visibleRecord } from '../access/visibility.js';
import { applicationViewParam, commonParams } from '../auth/params.js';
import { orderRef } from '../orders/access.js';
import { findOrder } from '../orders/order-view.js';
import { ApiError } from '../protocol/errors.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { serviceContext } from '../protocol/service-context.js';
import { ORDER_STAGE_NAMES } from './machine.js';
import { orderStageField, orderStageView } from './records.js';
import { recordOrderStage } from './service.js';

const text = (position: number, maxLength: number, example: string, description: string) =>
  param.string({ position, maxLength, example, description });
const moment = (position: number, example: string, description: string) =>
  param.datetime({ position, shownAs: 'string', example, description });
/** A key of a hash, at its place in the page's list of keys. */
const child = (position: number, maxLength: number, example: string, description = '') =>
  param.string({ position, maxLength, example, description });

export const createOrderStageRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/order_stages/create',
  title: 'Order Stages Create API',
  purpose:
    'RESTful API for inserting new rows into order_statuses and order_stages table(s): appends a stage to the order’s history (who, when, trigger, event slug) and, with `update_status=true`, moves the order’s status to the one the stage sets, only along the transitions of the order state machine (README, "Tours and orders"). Employees record stages of any order, liaisons of their clients’ orders.',
  service: 'order_stages',
  auth: { kind: 'roles', roles: ['employee', 'liaison'] },
  params: {
    order_id: param.integer({
      position: 1,
      example: 1042,
      description: 'Olio order ID; required if no order_request_id.',
    }),
    order_request_id: param.integer({
      position: 2,
      example: 77,
      description:
        'The order request, for a stage before the order exists (not kept by this server: pass order_id).',
    }),
    update_status: param.boolean({
      position: 3,
      required: true,
      example: true,
      description:
        'true: also move the order’s status to the one the stage sets; false: only record the stage.',
    }),
    stage: param.string({
      position: 4,
      required: true,
      possibleValues: ORDER_STAGE_NAMES,
      example: 'scheduled',
      description:
        'The stage reached. With update_status it must set a status that may follow the order’s current one.',
    }),
    stage_trigger: text(5, 200, 'photographer_confirmed', 'What triggered the stage.'),
    stage_at_mt: moment(6, '2026-01-05T09:30:00-07:00', 'When the stage happened; defaults to now.'),
    created_at_mt: moment(7, '2026-01-05T09:31:00-07:00', 'When the stage was recorded; defaults to now.'),
    created_by_id: param.integer({
      position: 8,
      example: 42,
      description:
        'User id the stage is recorded as made by; defaults to the caller. Only employees may set it.',
    }),
    created_by: text(9, 200, 'Erin Employee', 'Name of who made it.'),
    appointment: param.namedHash({
      position: 10,
      description:
        'The appointment the stage concerns, as the scheduling app knows it (kept with the stage).',
      example: { appt_id: '880', appt_confirmed: 'true', appt_start_at: '2026-01-06T10:00:00-07:00' },
      children: {
        appt_id: child(1, 50, '880'),
        appt_confirmed: child(2, 20, 'true'),
        appt_duration_time: child(3, 50, '01:30'),
        appt_start_at: child(4, 50, '2026-01-06T10:00:00-07:00'),
        appt_stop_at: child(5, 50, '2026-01-06T11:30:00-07:00'),
        cancel_reason: child(6, 200, 'weather'),
        cancel_note: child(7, 1_000, 'Snow storm.'),
      },
    }),
    client: param.namedHash({
      position: 11,
      description: 'The client, as the ordering app knows them (kept with the stage).',
      example: { client_id: '311', client_billing_postal_code: '04101' },
      children: {
        client_id: child(1, 50, '311'),
        client_billing_postal_code: child(2, 20, '04101'),
      },
    }),
    order: param.namedHash({
      position: 12,
      description: 'The order, as the ordering app knows it at this stage (kept with the stage).',
      example: { delivery_rush: false, due_date: '2026-01-12', service_type: 'photoplan' },
      children: {
        notes: child(1, 1_000, 'Lockbox on the side door.'),
        delivery_rush: param.boolean({ position: 2, example: false }),
        due_date: child(3, 50, '2026-01-12'),
        external_id: child(4, 255, 'INV-55-1042'),
        service_type: child(5, 100, 'photoplan'),
        services_addon_array: param.array({
          position: 6,
          maxItems: 50,
          items: child(1, 100, 'twilight_photography_add_on'),
          example: ['twilight_photography_add_on'],
        }),
        cancel_reason: child(7, 200, 'client-request'),
        cancel_note: child(8, 1_000, 'Listing withdrawn.'),
      },
    }),
    notes: text(13, 5_000, 'Seller confirmed by phone.', 'Notes on the stage.'),
    updated_by: text(14, 200, 'Erin Employee', 'Name of who last changed it.'),
    updated_by_id: param.integer({
      position: 15,
      example: 42,
      description: 'User id of who last changed it. Only employees may set it.',
    }),
    notified_at_mt: moment(16, '2026-01-05T09:35:00-07:00', 'When the client was notified of the stage.'),
    event_slug: text(17, 100, 'appointment.scheduled', 'The event the stage is published as (webhooks).'),
    token: commonParams.token,
    application_view: applicationViewParam,
    application: commonParams.application,
  },
  statuses: ['permission-denied', 'stage-transition-not-allowed', 'role-required'],
  reply: field.object({ order_stage: orderStageField }),
  handler: async (input, ctx) => {
    if (input.order_id === undefined) {
      if (input.order_request_id !== undefined) {
        throw ApiError.invalidParam(
          'order_request_id',
          'order requests are not kept by this server; name the order by order_id',
        );
      }
      throw ApiError.missingParam('order_id', 'order_id is required when no order_request_id is given');
    }
    const orderId = input.order_id;
    await visibleRecord(
      ctx.db,
      ctx.auth,
      await findOrder(ctx.db, orderId),
      (o) => o.client_id,
      orderRef(orderId, 'order_id'),
    );
    const row = await recordOrderStage(serviceContext(ctx), orderId, {
      ...input,
      stage_at: input.stage_at_mt,
      created_at: input.created_at_mt,
      notified_at: input.notified_at_mt,
    });
    return { order_stage: orderStageView(row) };
  },
});

export const orderStageRoutes = [createOrderStageRoute];

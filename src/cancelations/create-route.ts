import { commonParams } from '../auth/params.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { serviceContext } from '../protocol/service-context.js';
import { CANCEL_FIELD_PARAMS, keyParam, PARAM_DOCS } from './param-docs.js';
import { cancelationField, cancelationView } from './records.js';
import { cancel } from './service.js';
import { CANCELABLE_TYPES } from './tables.js';

export const createCancelation = defineRoute({
  method: 'POST',
  path: '/api/v1/cancelations/create',
  title: 'Create Cancelation',
  purpose:
    'Cancels an order, tour, appointment or line item: records who canceled it, when, where and why, and sets its status to canceled. Clients may cancel their own orders while they are in a cancelable status; liaisons anything of their clients; employees anything. Canceling an order emails the client.',
  service: 'cancelations',
  bodyContentType: 'application/json',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    ...commonParams,
    cancelable_type: param.string({
      position: 400,
      required: true,
      possibleValues: CANCELABLE_TYPES,
      example: 'order',
      description: PARAM_DOCS.cancelable_type,
    }),
    cancelable_id: param.integer({
      position: 400,
      required: true,
      example: 1042,
      description: PARAM_DOCS.cancelable_id,
    }),
    key: keyParam(PARAM_DOCS.key),
    ...CANCEL_FIELD_PARAMS,
  },
  statuses: [
    'permission-denied',
    'role-required',
    'already-canceled',
    'status-not-cancelable',
    'cancelation-key-conflict',
  ],
  reply: field.object({
    cancelation: cancelationField,
    replayed: field.boolean({
      example: false,
      description: 'true when this `key` was used before: the reply is the original cancelation.',
    }),
  }),
  handler: async (input, ctx) => {
    const { cancelation, replayed } = await cancel(
      { ...serviceContext(ctx), fees: ctx.config.appointments },
      input,
    );
    return { cancelation: cancelationView(cancelation), replayed };
  },
});

import { commonParams } from '../auth/params.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { serviceContext } from '../protocol/service-context.js';
import { CANCEL_FIELD_PARAMS, keyParam, PARAM_DOCS, REINSTATE_FIELD_PARAMS } from './param-docs.js';
import { cancelationField, cancelationView } from './records.js';
import { update } from './service.js';

/** Seed page ../shared/seeds/000_508098e70034f735.txt: params and positions exactly as documented. */
export const updateCancelation = defineRoute({
  method: 'POST',
  path: '/api/v1/cancelations/update',
  title: 'Update Cancelation',
  purpose:
    'Updates a cancelation record: its reason, notes, and who canceled or reinstated it, when and where. Passing active=false reinstates it (employees only). cancelable_type, cancelable_id and key cannot change. Every change is kept in the cancelation’s history.',
  service: 'cancelations',
  deployed: true,
  bodyContentType: 'application/json',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    ...commonParams,
    id: param.integer({ position: 400, required: true, example: 87, description: PARAM_DOCS.id }),
    cancelable_type: param.string({
      position: 400,
      example: 'order',
      description: `${PARAM_DOCS.cancelable_type} Cannot change; if passed it must match.`,
    }),
    cancelable_id: param.integer({
      position: 400,
      example: 1042,
      description: `${PARAM_DOCS.cancelable_id} Cannot change; if passed it must match.`,
    }),
    key: keyParam('The cancelation’s key. Cannot change; if passed it must match.'),
    ...CANCEL_FIELD_PARAMS,
    ...REINSTATE_FIELD_PARAMS,
    active: param.boolean({ position: 1500, example: false, description: PARAM_DOCS.active }),
  },
  statuses: ['permission-denied', 'role-required', 'cancelable-changed'],
  reply: field.object({
    cancelation: cancelationField,
    changed: field.list(field.string({ example: 'reason_note' }), {
      description: 'The fields this update changed (empty when it changed nothing).',
    }),
  }),
  handler: async (input, ctx) => {
    const { cancelation, changed } = await update(
      { ...serviceContext(ctx), fees: ctx.config.appointments },
      input,
    );
    return { cancelation: cancelationView(cancelation), changed };
  },
});

import { commonParams } from '../auth/params.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { serviceContext } from '../protocol/service-context.js';
import { PARAM_DOCS, REINSTATE_FIELD_PARAMS } from './param-docs.js';
import { cancelationField, cancelationView } from './records.js';
import { reinstate } from './service.js';

export const reinstateCancelation = defineRoute({
  method: 'POST',
  path: '/api/v1/cancelations/reinstate',
  title: 'Reinstate Cancelation',
  purpose:
    'Reinstates a canceled record (employees only): ends the cancelation, records who reinstated it, when, where and why, and restores the status the record had before it was canceled. Refused when the record was changed after the cancel.',
  service: 'cancelations',
  bodyContentType: 'application/json',
  auth: { kind: 'roles', roles: ['employee'] },
  params: {
    ...commonParams,
    id: param.integer({ position: 400, required: true, example: 87, description: PARAM_DOCS.id }),
    ...REINSTATE_FIELD_PARAMS,
  },
  statuses: ['permission-denied', 'role-required', 'cancelation-not-active', 'cancelable-changed'],
  reply: field.object({ cancelation: cancelationField }),
  handler: async (input, ctx) => {
    const cancelation = await reinstate({ ...serviceContext(ctx), fees: ctx.config.appointments }, input);
    return { cancelation: cancelationView(cancelation) };
  },
});

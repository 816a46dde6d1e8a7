import { commonParams } from '../auth/params.js';
import { param } from '../protocol/params.js';
import { defineRoute } from '../protocol/route.js';
import { CANCEL_FIELD_PARAMS, PARAM_DOCS } from './param-docs.js';
import { cancelationView } from './records.js';
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
    id: param.integer({ position: 400, required: true, description: PARAM_DOCS.id }),
    cancelable_type: param.string({
      position: 400,
      description: `${PARAM_DOCS.cancelable_type} Cannot change; if passed it must match.`,
    }),
    cancelable_id: param.integer({
      position: 400,
      description: `${PARAM_DOCS.cancelable_id} Cannot change; if passed it must match.`,
    }),
    key: param.string({
      position: 400,
      description: 'The cancelation’s key. Cannot change; if passed it must match.',
    }),
    ...CANCEL_FIELD_PARAMS,
    reinstated_at: param.string({ position: 1200, description: PARAM_DOCS.reinstated_at }),
    reinstated_by: param.string({ position: 1300, description: PARAM_DOCS.reinstated_by }),
    reinstated_note: param.string({ position: 1400, description: PARAM_DOCS.reinstated_note }),
    active: param.boolean({ position: 1500, description: PARAM_DOCS.active }),
  },
  statuses: ['permission-denied', 'role-required', 'cancelable-changed'],
  handler: async (input, ctx) => {
    const { cancelation, changed } = await update(
      { db: ctx.db, now: ctx.clock.now(), actor: ctx.auth },
      input,
    );
    return { cancelation: cancelationView(cancelation), changed };
  },
});

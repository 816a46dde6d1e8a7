import { commonParams } from '../auth/params.js';
import { param } from '../protocol/params.js';
import { defineRoute } from '../protocol/route.js';

/** Seed page ../shared/seeds/000_508098e70034f735.txt: params and positions exactly as documented. */
export const updateCancelation = defineRoute({
  method: 'POST',
  path: '/api/v1/cancelations/update',
  title: 'Update Cancelation',
  purpose:
    'Updates a cancelation record: its reason, notes, and who canceled or reinstated it, when and where.',
  service: 'cancelations',
  deployed: false,
  bodyContentType: 'application/json',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    ...commonParams,
    id: param.integer({ position: 400, required: true }),
    cancelable_type: param.string({ position: 400 }),
    cancelable_id: param.integer({ position: 400 }),
    key: param.string({ position: 400 }),
    reason_id: param.integer({ position: 500 }),
    reason_slug: param.string({ position: 600 }),
    reason_text: param.string({ position: 700 }),
    reason_note: param.string({ position: 800 }),
    canceled_at: param.string({ position: 900 }),
    canceled_by: param.string({ position: 1000 }),
    canceled_in: param.string({ position: 1100 }),
    reinstated_at: param.string({ position: 1200 }),
    reinstated_by: param.string({ position: 1300 }),
    reinstated_note: param.string({ position: 1400 }),
    active: param.boolean({ position: 1500 }),
  },
  handler: async () => {
    throw new Error('cancelations/update is not implemented yet');
  },
});

export const cancelationRoutes = [updateCancelation];

import { param } from '../protocol/params.js';
import { defineRoute } from '../protocol/route.js';

/** Seed page ../shared/seeds/004_7bf37d52971175e7.txt: params and positions exactly as documented. */
export const captureClient = defineRoute({
  method: 'GET',
  path: '/api/v1/xso/capture_client',
  title: 'XSO CaptuRE Client API',
  purpose:
    'Signs the caller into CaptuRE, the client ordering wizard, acting for a client, optionally jumping to step 1, to an order, or to step 2 with a tour.',
  service: 'xso',
  deployed: false,
  bodyContentType: 'text/plain',
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    token: param.string({
      position: 1,
      required: true,
      maxLength: 200,
      description: 'Authentication token from current session.',
    }),
    client_id: param.integer({
      position: 2,
      required: true,
      description: 'PlanoCore id of client that is being authenticated for.',
    }),
    step_1: param.boolean({
      position: 3,
      description: 'To bypass to Step 1 of CaptuRE, pass true for this param.',
    }),
    order_id: param.integer({
      position: 4,
      description: 'To XSO to order placed in CaptuRE, pass the order id in this param.',
    }),
    tour_id: param.integer({
      position: 5,
      description: 'To bypass to Step 2 of CaptuRE, you can pass the PlanoCore id of the tour.',
    }),
  },
  handler: async () => {
    throw new Error('xso/capture_client is not implemented yet');
  },
});

export const xsoRoutes = [captureClient];

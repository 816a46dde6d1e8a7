import { clientToActFor } from '../access/may-act-for.js';
import { findApplication } from '../auth/applications.js';
import { EXAMPLE_TOKENS } from '../auth/params.js';
import { userAgentOf } from '../auth/sign-in.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute, Redirect } from '../protocol/route.js';
import { captureRedirectUrl, deepLinkField, renderDeepLink, resolveDeepLink } from './deep-link.js';
import { CAPTURE_APPLICATION, delegationRootOf, issueGrant, XSO_CODE_TTL_MS } from './grants.js';

/** Seed page ../shared/seeds/004_7bf37d52971175e7.txt: params and positions exactly as documented. */
export const captureClient = defineRoute({
  method: 'GET',
  path: '/api/v1/xso/capture_client',
  title: 'XSO CaptuRE Client API',
  purpose:
    'Signs the caller into CaptuRE, the client ordering wizard, acting for a client, optionally jumping to step 1, to an order, or to step 2 with a tour.',
  service: 'xso',
  bodyContentType: 'text/plain',
  redirects: true,
  auth: { kind: 'roles', roles: ['employee', 'liaison', 'client'] },
  params: {
    token: param.string({
      position: 1,
      required: true,
      maxLength: 200,
      example: EXAMPLE_TOKENS.session,
      description: 'Authentication token from current session.',
    }),
    client_id: param.integer({
      position: 2,
      required: true,
      example: 311,
      description: 'PlanoCore id of client that is being authenticated for.',
    }),
    step_1: param.boolean({
      position: 3,
      example: true,
      description: 'To bypass to Step 1 of CaptuRE, pass true for this param.',
    }),
    order_id: param.integer({
      position: 4,
      example: 1042,
      description: 'To XSO to order placed in CaptuRE, pass the order id in this param.',
    }),
    tour_id: param.integer({
      position: 5,
      example: 588,
      description: 'To bypass to Step 2 of CaptuRE, you can pass the PlanoCore id of the tour.',
    }),
  },
  statuses: ['role-required', 'client-access-denied'],
  reply: field.object({
    client_id: field.integer({ example: 311 }),
    application: field.string({ example: 'capture', description: 'The application the hand-off opens.' }),
    deep_link: deepLinkField,
    expires_at: field.datetime({ description: 'The code works once, until then.' }),
    expires_in_seconds: field.integer({ example: 60 }),
    redirect_url: field.string({
      example: 'http://127.0.0.1:5173/xso?order_id=1042#code=px_y6jZLBNCKf_gQJmiXl9T1bG1AOaHZ_CS_DN1YFedwWQ',
      description: 'CaptuRE’s landing URL with the code in its fragment: the 302’s `Location`.',
    }),
  }),
  handler: async (input, ctx) => {
    const client = await clientToActFor(ctx.db, ctx.auth, input.client_id);
    const link = await resolveDeepLink(ctx.db, client.id, input);
    const capture = await findApplication(ctx.db, CAPTURE_APPLICATION);
    if (!capture) throw new Error(`The ${CAPTURE_APPLICATION} application is not registered`);
    const root = await delegationRootOf(ctx.db, ctx.auth.sessionId);
    const { code, expiresAt } = await issueGrant(ctx.db, {
      ...root,
      clientId: client.id,
      applicationId: capture.id,
      link,
      now: ctx.clock.now(),
      ip: ctx.ip,
      userAgent: userAgentOf(ctx.headers),
    });
    return new Redirect(captureRedirectUrl(ctx.config.captureUrl, code, link), {
      client_id: client.id,
      application: CAPTURE_APPLICATION,
      deep_link: renderDeepLink(link),
      expires_at: expiresAt.toISOString(),
      expires_in_seconds: XSO_CODE_TTL_MS / 1000,
    });
  },
});

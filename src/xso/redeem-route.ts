import { EXAMPLE_TOKENS, SESSION_VIEWS } from '../auth/params.js';
import { actingUserField, actingUserOf, renderSession } from '../auth/session-views.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute, WithSession } from '../protocol/route.js';
import { deepLinkField, renderDeepLink } from './deep-link.js';
import { redeemGrant } from './redeem.js';

export const redeemRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/xso/redeem',
  title: 'XSO Redeem',
  purpose:
    'Called by the back end of the application a hand-off was issued for (CaptuRE), with its own application token: exchanges the single-use code from the landing URL, within 60 seconds, for a new session of the client in that application. The session names who acts on the client’s behalf (`acting_user_id`) and ends when the session the hand-off was asked from ends. `data.deep_link` says where to open.',
  service: 'xso',
  sensitiveParams: true,
  auth: { kind: 'application' },
  params: {
    token: param.string({
      position: 1,
      required: true,
      maxLength: 200,
      example: EXAMPLE_TOKENS.application,
      description: 'API token of the application the code was issued for (not a session token).',
    }),
    code: param.string({
      position: 2,
      required: true,
      maxLength: 200,
      example: EXAMPLE_TOKENS.handOff,
      description: 'The hand-off code, from the `code` in the fragment of the landing URL.',
    }),
    session_view: param.string({
      position: 3,
      possibleValues: SESSION_VIEWS,
      example: 'default',
      description: 'View of the new session object returned.',
    }),
  },
  statuses: ['xso-code-invalid', 'xso-code-expired', 'xso-code-used', 'xso-origin-revoked'],
  reply: field.object({
    client_id: field.integer({ example: 311 }),
    user_id: field.integer({
      example: 42,
      description: 'The client’s user; the new session is the envelope’s `session`.',
    }),
    acting_user: actingUserField,
    deep_link: deepLinkField,
  }),
  handler: async (input, ctx) => {
    const redeemed = await redeemGrant(ctx.db, {
      code: input.code,
      applicationId: ctx.auth.applicationId,
      now: ctx.clock.now(),
    });
    const s = redeemed.session;
    return new WithSession(
      {
        client_id: redeemed.clientId,
        user_id: s.user_id,
        acting_user: actingUserOf(s),
        deep_link: renderDeepLink(redeemed.link),
      },
      renderSession(s, input.session_view ?? 'default', redeemed.token),
    );
  },
});

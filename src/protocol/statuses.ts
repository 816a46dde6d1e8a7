import { REQUEST_LIMITS } from './limits.js';

/**
 * Every status slug this server can answer, with its HTTP code and the description shown in the
 * documentation. Code and docs both read this table; handlers never invent slugs.
 *
 * - `common`: listed on every route's page under "Responses".
 * - `uncommon`: listed on every route's page under "Uncommon Responses".
 * - `route`: listed only on the routes that declare it.
 */
export type StatusScope = 'common' | 'uncommon' | 'route';

export interface StatusInfo {
  readonly http: number;
  readonly scope: StatusScope;
  readonly description: string;
}

export const STATUSES = {
  'action-successful': {
    http: 200,
    scope: 'common',
    description:
      'This status indicates that the request was successful. If the request returns data, it can be found in the data key.',
  },
  'invalid-token': {
    http: 401,
    scope: 'common',
    description: 'This status is returned when the authentication token passed is invalid.',
  },
  'session-expired': {
    http: 401,
    scope: 'common',
    description:
      "This status is returned when a session is older than seven days or hasn't been used in 72 hours. The user will need to reauthenticate. We allow our users to save a remember_me preference which will make their sessions last indefinitely.",
  },
  'client-required': {
    http: 401,
    scope: 'common',
    description:
      "This status is returned when the user making the request doesn't have a client, employee or liaison record. This means that they don't have any roles or permissions. Because we only allow our clients to register as a client, the user should be redirected to the PlanoAuth clients registration page where they can use the `/api/v1/users/client_register` API to register as a client. Even though the request will not be successful, this status will still return a `session` object because a session token is needed to register as a user.",
  },
  'missing-param': {
    http: 400,
    scope: 'common',
    description: 'This status is returned when a required param was not passed with the request.',
  },
  'invalid-param': {
    http: 400,
    scope: 'common',
    description:
      "This status is returned when a param was invalid when passed. For example, passing an id that doesn't exist or passing an invalid email address.",
  },
  'application-crash': {
    http: 500,
    scope: 'common',
    description: 'This status is returned when there is an internal server error. Please try again later.',
  },
  'mandrill-email-failed': {
    http: 500,
    scope: 'common',
    description:
      'This status is returned when there was an issue using Mandrill to send an email. Any time this response is returned, there will be a notification in the production notifications tab so the dev team will be aware of the failure. These errors will most likely correlate with a data issue and will need to be investigated.',
  },
  'invalid-content-type': {
    http: 400,
    scope: 'common',
    description:
      'This status is returned if the request was made with the incorrect content-type so the request params could not be read. For more information on content-type, please refer to https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Type.',
  },
  'route-non-existent': {
    http: 500,
    scope: 'common',
    description: 'Response returned when HTTP route does not exist.',
  },
  'no-params-decoded': {
    http: 400,
    scope: 'uncommon',
    description: 'This status is returned when the request body was decoded, but no params were found.',
  },
  'invalid-encoded-params': {
    http: 400,
    scope: 'uncommon',
    description:
      'This status is returned when the request body could not be decoded properly. This generally means that you are requesting a sensitive-params API and your request body was not base64 encoded.',
  },
  'route-not-found': {
    http: 404,
    scope: 'uncommon',
    description: "This status is returned when the route record being requested hasn't been deployed yet.",
  },
  'identify-request-error': {
    http: 500,
    scope: 'uncommon',
    description:
      'This status is returned when there is an internal server error before the route could be identified. Please try again later.',
  },
  'service-not-found': {
    http: 404,
    scope: 'uncommon',
    description:
      "This status is returned when the route's API service record being requested hasn't been deployed yet.",
  },
  'payload-too-large': {
    http: 413,
    scope: 'uncommon',
    description: `This status is returned when the request is larger than the server accepts: a body over its byte limit (1 MiB by default), a URL and headers over 16 KiB, more than ${REQUEST_LIMITS.keys} param names or ${REQUEST_LIMITS.items} array items in one request. The message names the limit.`,
  },
  'request-timeout': {
    http: 408,
    scope: 'uncommon',
    description:
      'This status is returned when the request did not arrive in time: its headers within 10 seconds, or the whole request within 30 seconds (by default). The connection is closed; send the request again.',
  },
  'permission-denied': {
    http: 403,
    scope: 'route',
    description:
      'The role this request acts as (picked by its `application`) is not allowed to call this route, or not for this record.',
  },
  'hand-off-not-allowed': {
    http: 403,
    scope: 'route',
    description:
      "The request comes from a hand-off (XSO) session, which acts for the client but not as the account's owner: it may not change the password or email, and sees and revokes only its own session. `errors` names the param; the account's owner signs in to do this.",
  },
  'role-required': {
    http: 403,
    scope: 'route',
    description:
      "The user has roles, but not the one this request's `application` acts as (for example a client calling through PlanoOrder).",
  },
  'email-not-found': {
    http: 400,
    scope: 'route',
    description: 'No user has this email address.',
  },
  'invalid-password': {
    http: 400,
    scope: 'route',
    description: 'The password does not match the one on record.',
  },
  'user-has-no-password': {
    http: 400,
    scope: 'route',
    description:
      'The account was created through Google or a magic link and has no password; sign in that way or reset the password.',
  },
  'user-requires-role': {
    http: 400,
    scope: 'route',
    description:
      'The user exists but has no record for the role the requested application acts as (client, employee or liaison).',
  },
  'rate-limit-exceeded': {
    http: 429,
    scope: 'route',
    description:
      'Too many attempts from this account or address in a short time. `data.retry_after_seconds` says when to try again.',
  },
  'email-already-registered': {
    http: 400,
    scope: 'route',
    description: 'A user with this email address already exists; sign in instead.',
  },
  'client-validation-failed': {
    http: 400,
    scope: 'route',
    description: 'The client could not be registered; `errors` names each field that failed and why.',
  },
  'already-canceled': {
    http: 409,
    scope: 'route',
    description:
      'The record is already canceled: it has an active cancelation (`data.cancelation_id`) or its status is canceled. Reinstate it before canceling it again.',
  },
  'status-not-cancelable': {
    http: 400,
    scope: 'route',
    description:
      'A client may cancel an order only while it is in a cancelable status (`data.cancelable_statuses`, for example new_request, ordered or scheduling); `data.status` is its current status. Contact Plano Media to cancel it.',
  },
  'stage-transition-not-allowed': {
    http: 409,
    scope: 'route',
    description:
      'The order may not move to the status this `stage` sets from the status it is in now (`data.status`): the transition is not in the order state machine (README, "Tours and orders"), or the order is canceled. `data.allowed_stages` lists the stages that may follow. Nothing was recorded.',
  },
  'cancelation-key-conflict': {
    http: 409,
    scope: 'route',
    description:
      'The `key` was already used for a cancelation with different params or by another user. Retry with the original params, or use a new key for a new cancelation.',
  },
  'cancelation-not-active': {
    http: 409,
    scope: 'route',
    description:
      'The cancelation was already reinstated (`data.reinstated_at`); there is nothing to reinstate.',
  },
  'cancelable-changed': {
    http: 409,
    scope: 'route',
    description:
      'The canceled record is no longer in the canceled status (`data.status`): it was changed after the cancel, so restoring its earlier status (`data.status_before_cancel`) would overwrite that change.',
  },
  'reset-token-invalid': {
    http: 400,
    scope: 'route',
    description:
      'The password reset token is unknown, expired or already used; request a new reset email. `data.reason` says which.',
  },
  'client-access-denied': {
    http: 403,
    scope: 'route',
    description:
      'The caller may not act for this client: an employee may act for any client, a liaison only for the clients linked to them, and a client only for themselves.',
  },
  'xso-code-invalid': {
    http: 400,
    scope: 'route',
    description:
      'The hand-off code is not one this server issued for the calling application (mistyped, truncated, or meant for another application). Nothing was issued.',
  },
  'xso-code-expired': {
    http: 400,
    scope: 'route',
    description:
      'The hand-off code is more than 60 seconds old. Nothing was issued; start the cross sign-on again from the application the user came from.',
  },
  'xso-code-used': {
    http: 400,
    scope: 'route',
    description:
      'The hand-off code has already been redeemed; each code opens one session. Nothing was issued.',
  },
  'xso-origin-revoked': {
    http: 400,
    scope: 'route',
    description:
      'The session that asked for the hand-off has been signed out, revoked or has expired since, so its code is void. Nothing was issued; the user signs in again where they came from.',
  },
  'declined-payment': {
    http: 400,
    scope: 'route',
    description:
      'The card was declined by the payment provider (or needs an authentication the request cannot do). Nothing was charged and no order was made; use another payment method.',
  },
  'card-number-invalid': {
    http: 400,
    scope: 'route',
    description:
      'The card number is not a valid card number (it fails its check digit, or the provider refused it as incorrect). Nothing was stored or charged.',
  },
  'invalid-promotion': {
    http: 400,
    scope: 'route',
    description:
      'The promotion code is unknown, inactive, outside its validity dates, or for another designation. No order was made.',
  },
  'promotion-expended': {
    http: 400,
    scope: 'route',
    description:
      'This user has already used the promotion code, which may be used once per user. No order was made.',
  },
  'duplicate-payment': {
    http: 400,
    scope: 'route',
    description:
      'The order’s `key` was already used for a submit with different params: nothing was charged again. Retry with the original params to get the first order, or use a new key for a new order.',
  },
  'payments-unavailable': {
    http: 503,
    scope: 'route',
    description:
      'No payment provider is configured: the server runs in production without STRIPE_SECRET_KEY, and the built-in sandbox never takes payments in production.',
  },
  'database-unreachable': {
    http: 503,
    scope: 'uncommon',
    description:
      'The database could not be reached or lost the connection mid-request (a restart, a failover, a network fault). A change the request was making was rolled back with its transaction. Retry after the `Retry-After` header (also `data.retry_after_seconds`); the health check (`/healthz`) answers it too while the database is away.',
  },
} as const satisfies Record<string, StatusInfo>;

export type StatusSlug = keyof typeof STATUSES;

export const COMMON_STATUSES = slugsWithScope('common');
export const UNCOMMON_STATUSES = slugsWithScope('uncommon');

function slugsWithScope(scope: StatusScope): StatusSlug[] {
  return (Object.keys(STATUSES) as StatusSlug[]).filter((slug) => STATUSES[slug].scope === scope);
}

export function httpCodeOf(slug: StatusSlug): number {
  return STATUSES[slug].http;
}

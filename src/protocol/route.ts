import type { AppContext } from '../app-context.js';
import type { ApplicationAuth, AuthOfRole, Role, SignedInAuth } from './auth-state.js';
import type { InputOf, ParamMap } from './params.js';
import type { StatusSlug } from './statuses.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route.
 * - `public`: anyone; no token is read.
 * - `user`: any signed-in user, even one without a client, employee or liaison record.
 * - `roles`: a signed-in user acting, through the request's application, as one of these roles.
 * - `application`: an application's own API token (server-to-server calls).
 */
export type AuthRequirement =
  | { readonly kind: 'public' }
  | { readonly kind: 'user' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[] }
  | { readonly kind: 'application' };

/**
 * The handler's `ctx.auth`, derived from the route's requirement: `roles: ['employee']` gives an
 * EmployeeAuth, `roles: ['employee', 'liaison']` their union, `user` any signed-in kind,
 * `application` an ApplicationAuth, `public` null. Handlers need no `!` and no "cannot happen" checks.
 */
export type AuthFor<A extends AuthRequirement> = A extends { kind: 'public' }
  ? null
  : A extends { kind: 'user' }
    ? SignedInAuth
    : A extends { kind: 'application' }
      ? ApplicationAuth
      : A extends { kind: 'roles'; roles: readonly (infer R extends Role)[] }
        ? AuthOfRole<R>
        : never;

export interface RequestContext<A extends AuthRequirement = AuthRequirement> extends AppContext {
  readonly requestId: string;
  readonly auth: AuthFor<A>;
  readonly ip: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A handler may answer with a redirect instead of data (302, or the envelope for JSON clients). */
export class Redirect {
  constructor(
    readonly location: string,
    readonly data: Record<string, unknown> = {},
  ) {}
}

/** A handler's answer that also sets the envelope's `session` (sign-in and registration routes). */
export class WithSession {
  constructor(
    readonly data: unknown,
    readonly session: unknown,
  ) {}
}

export interface RouteSpec<P extends ParamMap, A extends AuthRequirement> {
  readonly method: HttpMethod;
  /** `/api/v1/<resource>/<action>` */
  readonly path: `/api/v1/${string}/${string}`;
  readonly title: string;
  readonly purpose: string;
  /** The API service the route belongs to; a service can be undeployed as a whole. */
  readonly service: string;
  /** A route still in development is declared with `deployed: false`. */
  readonly deployed?: boolean;
  readonly sensitiveParams?: boolean;
  /** Shown as "Request Body Example" content type in the docs. */
  readonly bodyContentType?: 'application/json' | 'text/plain' | 'application/x-www-form-urlencoded';
  readonly auth: A;
  readonly params: P;
  /** Route-specific statuses, on top of the common ones every route may answer. */
  readonly statuses?: readonly StatusSlug[];
  readonly handler: (input: InputOf<P>, ctx: RequestContext<A>) => Promise<unknown>;
}

/** A declared route with its types erased, as the pipeline, docs and registry see it. */
export interface RouteRecord {
  readonly method: HttpMethod;
  readonly path: string;
  readonly title: string;
  readonly purpose: string;
  readonly service: string;
  readonly deployed: boolean;
  readonly sensitiveParams: boolean;
  readonly bodyContentType: string;
  readonly auth: AuthRequirement;
  readonly params: ParamMap;
  readonly statuses: readonly StatusSlug[];
  readonly handler: (input: Record<string, unknown>, ctx: RequestContext) => Promise<unknown>;
}

export function defineRoute<const P extends ParamMap, const A extends AuthRequirement>(
  spec: RouteSpec<P, A>,
): RouteRecord {
  return {
    ...spec,
    deployed: spec.deployed ?? true,
    sensitiveParams: spec.sensitiveParams ?? false,
    bodyContentType: spec.bodyContentType ?? (spec.sensitiveParams ? 'text/plain' : 'application/json'),
    statuses: spec.statuses ?? [],
    handler: spec.handler as RouteRecord['handler'],
  };
}

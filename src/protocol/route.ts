import type { AppContext } from '../app-context.js';
import type { ApplicationAuth, AuthOfRole, Permission, Role, SignedInAuth } from './auth-state.js';
import type { InputOf, ParamMap } from './params.js';
import type { FieldSpec, ValueOfField } from './reply.js';
import type { StatusSlug } from './statuses.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route.
 * - `public`: anyone; no token is read.
 * - `user`: any signed-in user, even one without a client, employee or liaison record.
 * - `roles`: a signed-in user acting, through the request's application, as one of these roles;
 *   with `permission`, an employee who also holds that permission (others: `permission-denied`).
 * - `application`: an application's own API token (server-to-server calls).
 */
export type AuthRequirement =
  | { readonly kind: 'public' }
  | { readonly kind: 'user' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[]; readonly permission?: Permission }
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

/**
 * A handler may answer with a redirect instead of data: a 302 to `location`, or, for a caller
 * sending `Accept: application/json`, the envelope. Either way `data` is this data plus
 * `redirect_url` (the location), so the route's reply declares `redirect_url` too.
 */
export class Redirect<D = Record<string, unknown>> {
  constructor(
    readonly location: string,
    readonly data: D,
  ) {}
}

/** A handler's answer that also sets the envelope's `session` (sign-in and registration routes). */
export class WithSession<D = unknown> {
  constructor(
    readonly data: D,
    readonly session: unknown,
  ) {}
}

/** What a handler may return for a route whose reply declares data of type `D`. */
export type HandlerResult<D> =
  D | WithSession<D> | (D extends { redirect_url: string } ? Redirect<Omit<D, 'redirect_url'>> : never);

export interface RouteSpec<P extends ParamMap, A extends AuthRequirement, F extends FieldSpec> {
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
  /**
   * The handler answers a `Redirect`: a 302 with `Location`, or the envelope (with
   * `data.redirect_url`) to a caller sending `Accept: application/json`. The docs say both.
   */
  readonly redirects?: boolean;
  /** Shown as "Request Body Example" content type in the docs. */
  readonly bodyContentType?: 'application/json' | 'text/plain' | 'application/x-www-form-urlencoded';
  readonly auth: A;
  readonly params: P;
  /** Route-specific statuses, on top of the common ones every route may answer. */
  readonly statuses?: readonly StatusSlug[];
  /**
   * The shape of `data` in a successful reply (`field.object({...})`, src/protocol/reply.ts). It
   * types the handler's answer; the test suite checks every reply against it; the docs and
   * OpenAPI show it.
   */
  readonly reply: F;
  readonly handler: (input: InputOf<P>, ctx: RequestContext<A>) => Promise<HandlerResult<ValueOfField<F>>>;
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
  readonly redirects: boolean;
  readonly bodyContentType: string;
  readonly auth: AuthRequirement;
  readonly params: ParamMap;
  readonly statuses: readonly StatusSlug[];
  /** The shape of `data` in a successful reply. */
  readonly reply: FieldSpec;
  readonly handler: (input: Record<string, unknown>, ctx: RequestContext) => Promise<unknown>;
}

export function defineRoute<
  const P extends ParamMap,
  const A extends AuthRequirement,
  const F extends FieldSpec,
>(spec: RouteSpec<P, A, F>): RouteRecord {
  return {
    ...spec,
    deployed: spec.deployed ?? true,
    sensitiveParams: spec.sensitiveParams ?? false,
    redirects: spec.redirects ?? false,
    bodyContentType: spec.bodyContentType ?? (spec.sensitiveParams ? 'text/plain' : 'application/json'),
    statuses: spec.statuses ?? [],
    handler: spec.handler as RouteRecord['handler'],
  };
}

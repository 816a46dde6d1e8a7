import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { RoleActor } from './auth-state.js';
import type { AuthFor, AuthRequirement, RequestContext } from './route.js';

/**
 * What a handler hands the domain service that makes its change: the database, the request's
 * moment (read from the clock once, so every row of one change carries the same time) and who acts
 * (the caller, typed by the route's auth requirement). A service needing more takes it spread in:
 * `{ ...serviceContext(ctx), fees }`.
 */
export function serviceContext<A extends AuthRequirement>(
  ctx: RequestContext<A>,
): Omit<ServiceContext, 'actor'> & { readonly actor: AuthFor<A> } {
  return { db: ctx.db, now: ctx.clock.now(), actor: ctx.auth };
}

/** What a domain service is handed: by a route through `serviceContext`, or by the demo seed and jobs. */
export interface ServiceContext {
  readonly db: Kysely<Database>;
  readonly now: Date;
  readonly actor: RoleActor;
}

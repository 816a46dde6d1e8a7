import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { ApiError } from '../protocol/errors.js';
import type { RouteRecord } from '../protocol/route.js';

interface Snapshot {
  undeployedRoutes: Set<string>;
  undeployedServices: Set<string>;
  loadedAt: number;
}

const keyOf = (method: string, path: string) => `${method} ${path}`;

/**
 * Which route and service records are deployed. Code declares the records; the database keeps an
 * operator switch for each, read into memory and refreshed every `ttlMs` so the hot path never
 * waits on a query.
 */
export class RouteState {
  private snapshot: Snapshot | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly routes: readonly RouteRecord[],
    private readonly ttlMs: number,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Records every declared route and service (new ones deployed), then loads their state. */
  async sync(): Promise<void> {
    const services = [...new Set(this.routes.map((r) => r.service))];
    if (services.length > 0) {
      await this.db
        .insertInto('api_services')
        .values(services.map((slug) => ({ slug })))
        .onConflict((oc) => oc.doNothing())
        .execute();
      await this.db
        .insertInto('api_routes')
        .values(this.routes.map((r) => ({ method: r.method, path: r.path, service_slug: r.service })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const [routes, services] = await Promise.all([
      this.db.selectFrom('api_routes').select(['method', 'path']).where('deployed', '=', false).execute(),
      this.db.selectFrom('api_services').select('slug').where('deployed', '=', false).execute(),
    ]);
    this.snapshot = {
      undeployedRoutes: new Set(routes.map((r) => keyOf(r.method, r.path))),
      undeployedServices: new Set(services.map((s) => s.slug)),
      loadedAt: Date.now(),
    };
  }

  /** Throws the documented status when the route or its service is not deployed. */
  assertDeployed(route: RouteRecord): void {
    const snapshot = this.current();
    if (!route.deployed || snapshot.undeployedRoutes.has(keyOf(route.method, route.path))) {
      throw new ApiError('route-not-found', `${route.method} ${route.path} is not deployed`);
    }
    if (snapshot.undeployedServices.has(route.service)) {
      throw new ApiError('service-not-found', `The ${route.service} service is not deployed`);
    }
  }

  isDeployed(route: RouteRecord): boolean {
    try {
      this.assertDeployed(route);
      return true;
    } catch {
      return false;
    }
  }

  private current(): Snapshot {
    const snapshot = this.snapshot;
    if (!snapshot) throw new ApiError('identify-request-error', 'Route records are not loaded yet');
    if (Date.now() - snapshot.loadedAt > this.ttlMs && !this.refreshing) {
      this.refreshing = this.refresh()
        .catch((err: unknown) => this.log.error({ err }, 'refreshing route state failed'))
        .finally(() => (this.refreshing = undefined));
    }
    return snapshot;
  }
}

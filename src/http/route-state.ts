import type { FastifyBaseLogger } from 'fastify';
import { systemClock, type Clock } from '../clock.js';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { ApiError } from '../protocol/errors.js';
import type { RouteRecord } from '../protocol/route.js';

interface Snapshot {
  /** The declared records whose operator switch is off (a record, not its key: no string per request). */
  undeployedRoutes: Set<RouteRecord>;
  undeployedServices: Set<string>;
  loadedAt: number;
}

const keyOf = (method: string, path: string) => `${method} ${path}`;

/**
 * Which route and service records are deployed. Code declares the records; the database keeps an
 * operator switch for each, read into memory. A snapshot younger than `ttlMs` answers without a
 * query; the first request after that waits for a fresh one (one query, shared by the requests
 * that arrive meanwhile), so an undeploy is seen by every instance within `ttlMs` even after idle.
 */
export class RouteState {
  private snapshot: Snapshot | undefined;
  private refreshing: Promise<void> | undefined;
  /** When the snapshot must be read again (app clock, ms). */
  private staleAt = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly routes: readonly RouteRecord[],
    private readonly ttlMs: number,
    private readonly log: FastifyBaseLogger,
    private readonly clock: Clock = systemClock,
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
    // Timed from before the read: a change committed after this moment may be missing from it.
    const startedAt = this.clock.now().getTime();
    const [routes, services] = await Promise.all([
      this.db.selectFrom('api_routes').select(['method', 'path']).where('deployed', '=', false).execute(),
      this.db.selectFrom('api_services').select('slug').where('deployed', '=', false).execute(),
    ]);
    const off = new Set(routes.map((r) => keyOf(r.method, r.path)));
    this.snapshot = {
      undeployedRoutes: new Set(this.routes.filter((r) => off.has(keyOf(r.method, r.path)))),
      undeployedServices: new Set(services.map((s) => s.slug)),
      loadedAt: startedAt,
    };
    this.staleAt = startedAt + this.ttlMs;
  }

  /**
   * Undefined while the snapshot is fresh (the hot path: no promise); otherwise the refresh to
   * await. A refresh that fails (database away) keeps the last snapshot, is logged, and is tried
   * again after at most a second rather than on every request.
   */
  whenStale(): Promise<void> | undefined {
    if (this.clock.now().getTime() < this.staleAt) return undefined;
    this.refreshing ??= this.refresh()
      .catch((err: unknown) => {
        this.log.error({ err }, 'refreshing route state failed; serving the last one');
        this.staleAt = this.clock.now().getTime() + Math.min(this.ttlMs, 1_000);
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /**
   * Throws the documented status when the route or its service is not deployed. The pipeline calls
   * it right after awaiting `whenStale()`, so it reads the snapshot as it is (one clock read per
   * request, not two).
   */
  assertDeployed(route: RouteRecord): void {
    const snapshot = this.snapshot;
    if (!snapshot) throw new ApiError('identify-request-error', 'Route records are not loaded yet');
    if (!route.deployed || snapshot.undeployedRoutes.has(route)) {
      throw new ApiError('route-not-found', `${route.method} ${route.path} is not deployed`);
    }
    if (snapshot.undeployedServices.has(route.service)) {
      throw new ApiError('service-not-found', `The ${route.service} service is not deployed`);
    }
  }

  /** The documentation pages do not wait: a stale snapshot starts a refresh and is used meanwhile. */
  isDeployed(route: RouteRecord): boolean {
    void this.whenStale();
    try {
      this.assertDeployed(route);
      return true;
    } catch {
      return false;
    }
  }
}

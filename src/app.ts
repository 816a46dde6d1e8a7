import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { AppContext } from './app-context.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { healthRoute, buildServer } from './http/server.js';
import { RouteState } from './http/route-state.js';
import type { Authenticator } from './http/pipeline.js';
import type { RouteRecord } from './protocol/route.js';
import { allRoutes } from './routes.js';
import { ApiError } from './protocol/errors.js';

export interface AppOptions {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly clock?: Clock;
  readonly routes?: readonly RouteRecord[];
  readonly logger?: boolean;
}

export interface App {
  readonly server: FastifyInstance;
  readonly context: AppContext;
  readonly routeState: RouteState;
  readonly routes: readonly RouteRecord[];
  close(): Promise<void>;
}

/** The composition root: wires the database, clock and routes into one Fastify server. */
export async function buildApp(options: AppOptions): Promise<App> {
  const routes = options.routes ?? allRoutes;
  const logger = options.logger ?? true;
  const { database, config } = options;
  const log = pino({ level: config.logLevel, enabled: logger });
  const context: AppContext = {
    db: database.db,
    dbKind: database.kind,
    clock: options.clock ?? systemClock,
    config,
    log,
  };
  const routeState = new RouteState(database.db, routes, config.routeStateTtlMs, context.log);
  await routeState.sync();
  const authenticator: Authenticator = {
    authenticate: async () => {
      throw new ApiError('invalid-token', 'Authentication is not configured');
    },
  };
  const server = await buildServer({
    context,
    routeState,
    authenticator,
    routes,
    plugins: [healthRoute(database.ping, database.kind)],
  });
  return {
    server,
    context,
    routeState,
    routes,
    close: async () => {
      await server.close();
    },
  };
}

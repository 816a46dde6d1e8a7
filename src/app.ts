import type { FastifyInstance } from 'fastify';
import { pino, type DestinationStream } from 'pino';
import type { AppContext } from './app-context.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { corsPlugin } from './http/cors.js';
import { logSerializers } from './http/log-redaction.js';
import { healthRoute, buildServer } from './http/server.js';
import { documentationPlugin } from './docs/plugin.js';
import { consolePlugin } from './console/plugin.js';
import { RouteState } from './http/route-state.js';
import type { RouteRecord } from './protocol/route.js';
import { allRoutes } from './routes.js';
import { VERSION } from './system/routes.js';
import { TokenAuthenticator } from './auth/authenticator.js';
import { SessionCache } from './auth/session-cache.js';
import { AddressThrottle, LoginThrottle } from './auth/login-throttle.js';
import { PasswordHasher } from './auth/passwords.js';
import { EmailDelivery } from './email/delivery.js';
import { MandrillClient } from './email/mandrill-client.js';
import { EmailService } from './email/service.js';
import { assertLeaseOutlastsRound, EmailWorker } from './email/worker.js';
import { DatabaseListItemCatalog } from './list-items/catalog.js';
import { Metrics } from './ops/metrics.js';
import { metricsRoute } from './ops/metrics-route.js';
import { PurgeJob } from './jobs/purge.js';
import { paymentProviderFor } from './payments/providers.js';
import { SettlementJob } from './payments/settlement.js';
import { DatabaseThrottleStore } from './throttle/database-store.js';
import { RedisThrottleStore } from './throttle/redis-store.js';
import type { ThrottleStore } from './throttle/store.js';

export interface AppOptions {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly clock?: Clock;
  readonly routes?: readonly RouteRecord[];
  readonly logger?: boolean;
  /** Where log lines go (standard output when absent); tests read them from here. */
  readonly logDestination?: DestinationStream;
  /** Tests pass cheaper argon2 parameters; production uses the OWASP ones. */
  readonly passwords?: PasswordHasher;
  /** Jitter source for email retry delays; tests pin it. */
  readonly random?: () => number;
  /** Ends a Mandrill send after its timeout (`AbortSignal.timeout`); tests fire it by hand. */
  readonly mandrillDeadline?: (ms: number) => AbortSignal;
}

export interface App {
  readonly server: FastifyInstance;
  readonly context: AppContext;
  readonly routeState: RouteState;
  readonly routes: readonly RouteRecord[];
  /** The outbox sender; `main.ts` starts its loop, tests call `runOnce()`. Stopped by `close()`. */
  readonly emailWorker: EmailWorker;
  /** Prometheus metrics (`/metrics`); `signInThrottled` and the others may be counted from anywhere. */
  readonly metrics: Metrics;
  /** Deletes ended sessions, old hand-off codes and settled emails; `main.ts` starts it. */
  readonly purgeJob: PurgeJob;
  /** Captures, voids or refunds the payments of delivered and canceled orders; `main.ts` starts it. */
  readonly settlementJob: SettlementJob;
  close(): Promise<void>;
}

/** The composition root: wires the database, clock and routes into one Fastify server. */
export async function buildApp(options: AppOptions): Promise<App> {
  const routes = options.routes ?? allRoutes;
  const logger = options.logger ?? true;
  const { database, config } = options;
  const clock = options.clock ?? systemClock;
  assertTokenParams(routes);
  assertLeaseOutlastsRound(config.email, config.mandrill.timeoutMs);
  const log = pino(
    { level: config.logLevel, enabled: logger, serializers: logSerializers(routes) },
    options.logDestination,
  );
  const metrics = new Metrics(database.db, config.metricsEnabled);
  const delivery = new EmailDelivery({
    db: database.db,
    clock,
    log,
    mandrill: new MandrillClient(config.mandrill, {
      deadline: options.mandrillDeadline,
      onOutcome: (outcome) => metrics.mandrillOutcome(outcome),
    }),
    sender: config.mandrill,
    policy: config.email,
    ...(options.random ? { random: options.random } : {}),
  });
  const throttleStore: ThrottleStore = config.redisUrl
    ? await new RedisThrottleStore(config.redisUrl, config.redisKeyPrefix).connect()
    : new DatabaseThrottleStore(database.db);
  const emailWorker = new EmailWorker({ db: database.db, clock, log, delivery, config: config.email });
  const sessions = new SessionCache(database.changes, { ttlMs: config.sessionCacheTtlMs });
  const context: AppContext = {
    db: database.db,
    dbKind: database.kind,
    clock,
    config,
    log,
    passwords: options.passwords ?? new PasswordHasher(),
    loginThrottle: new LoginThrottle(clock, config.loginThrottle, throttleStore, (scope) =>
      metrics.signInThrottled(scope),
    ),
    addressThrottle: new AddressThrottle(clock, throttleStore),
    email: new EmailService(database.db, clock, config.email, delivery),
    sessions,
    payments: paymentProviderFor(config, database.db, clock),
  };
  const routeState = new RouteState(database.db, routes, config.routeStateTtlMs, context.log, clock);
  await routeState.sync();
  const authenticator = new TokenAuthenticator(database.db, clock, database.reads, sessions);
  const listItems = new DatabaseListItemCatalog(database.db);
  const server = await buildServer({
    context,
    routeState,
    authenticator,
    listItems,
    routes,
    ...(config.metricsEnabled ? { observerFor: (route: RouteRecord) => metrics.forRoute(route.path) } : {}),
    plugins: [
      ...(config.metricsEnabled ? [metricsRoute(metrics, config.metricsToken)] : []),
      corsPlugin(config.corsOrigins),
      healthRoute(database.ping, database.kind, log),
      documentationPlugin({
        routes,
        isDeployed: (route) => routeState.isDeployed(route),
        listItems,
        openApi: { version: VERSION },
      }),
      consolePlugin(),
    ],
  });
  const purgeJob = new PurgeJob(database.db, clock, log, config.purge);
  const settlementJob = new SettlementJob(context, config.payments.settlementIntervalMs);
  return {
    server,
    context,
    routeState,
    routes,
    emailWorker,
    metrics,
    purgeJob,
    settlementJob,
    close: async () => {
      await server.close();
      await emailWorker.stop();
      await purgeJob.stop();
      await settlementJob.stop();
      await throttleStore.close();
    },
  };
}

/** A route that needs a caller must declare the `token` param, or no request could ever pass. */
function assertTokenParams(routes: readonly RouteRecord[]): void {
  for (const route of routes) {
    if (route.auth.kind !== 'public' && !route.params.token?.required) {
      throw new Error(`${route.path} requires authentication but declares no required token param`);
    }
  }
}

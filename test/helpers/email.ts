import { sql, type Kysely } from 'kysely';
import { loadConfig, type EmailDeliveryConfig } from '../../src/config.js';
import type { Database } from '../../src/schema.js';
import { queueEmail, type OutgoingEmail } from '../../src/email/outbox.js';
import { startFakeMandrill, type FakeMandrill } from './fake-mandrill.js';
import { startTestServer, type TestServer, type TestServerOptions } from './server.js';

export const MANDRILL_TIMEOUT_MS = 300;

/**
 * Send deadlines fired by hand instead of by a wall-clock timer: a send on a loaded machine is
 * never cut short, and a send the fake holds (`timeout` mode) times out the moment it is held.
 */
export class ManualDeadlines {
  private readonly open = new Set<AbortController>();

  readonly deadline = (_ms: number): AbortSignal => {
    const controller = new AbortController();
    this.open.add(controller);
    return controller.signal;
  };

  /** Every send in flight times out, as `AbortSignal.timeout` would have it. */
  expire(): void {
    for (const controller of this.open) {
      controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    }
    this.open.clear();
  }
}

export interface EmailTestServer extends TestServer {
  readonly fake: FakeMandrill;
}

/**
 * The real server wired to a fake Mandrill on loopback. A send times out when, and only when, the
 * fake holds it (`timeout` mode). The outbox worker is not started: tests drive it with
 * `app.emailWorker.runOnce()`.
 */
export async function startEmailTestServer(
  options: TestServerOptions & {
    email?: Partial<EmailDeliveryConfig>;
    /** The server's MANDRILL_API_KEY (the fake's by default); '' for a server without one. */
    apiKey?: string;
    /** MANDRILL_TIMEOUT_MS; short by default, for the tests of timeouts. */
    timeoutMs?: number;
  } = {},
): Promise<EmailTestServer> {
  const fake = await startFakeMandrill();
  const deadlines = new ManualDeadlines();
  fake.onHold = () => deadlines.expire();
  const defaults = loadConfig({});
  const server = await startTestServer({
    mandrillDeadline: deadlines.deadline,
    ...options,
    config: {
      mandrill: {
        ...defaults.mandrill,
        baseUrl: fake.url,
        apiKey: options.apiKey ?? fake.apiKey,
        timeoutMs: options.timeoutMs ?? MANDRILL_TIMEOUT_MS,
      },
      email: { ...defaults.email, ...options.email },
      ...options.config,
    },
  }).catch(async (err: unknown) => {
    await fake.close();
    throw err;
  });
  return {
    ...server,
    fake,
    close: async () => {
      await fake.close();
      await server.close();
    },
  };
}

let counter = 0;

/** A plain email for tests of the outbox itself. */
export function testEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  counter += 1;
  return {
    kind: 'welcome',
    to: { email: `someone${counter}@example.com`, name: 'Some One' },
    subject: `Subject ${counter}`,
    html: `<p>Body ${counter}</p>`,
    text: `Body ${counter}`,
    idempotencyKey: `test:${counter}:${Date.now()}`,
    context: { test: counter },
    ...overrides,
  };
}

export async function queueTestEmail(
  server: TestServer,
  overrides: Partial<OutgoingEmail> = {},
): Promise<number> {
  const queued = await queueEmail(server.app.context.db, testEmail(overrides), { now: server.clock.now() });
  return queued.id;
}

export function outboxRow(db: Kysely<Database>, id: number) {
  return db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function notificationsOf(db: Kysely<Database>, emailId: number) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where(sql<string>`context->>'email_id'`, '=', String(emailId))
    .orderBy('id')
    .execute();
}

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/clock.js';
import { loadConfig, type PurgeConfig } from '../../src/config.js';
import { purgeOnce } from '../../src/jobs/purge.js';
import { createUser } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const logLines: string[] = [];
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    log: { level: 'info', destination: { write: (line: string) => void logLines.push(line) } },
  });
});
afterAll(async () => server?.close());

const defaults = loadConfig({}).purge;
const ago = (ms: number) => new Date(server.clock.now().getTime() - ms);

async function applicationId(slug: string): Promise<number> {
  const app = await server.app.context.db
    .selectFrom('applications')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return app.id;
}

async function session(
  userId: number,
  times: { created: Date; lastUsed?: Date; revoked?: Date; rememberMe?: boolean; origin?: number },
): Promise<number> {
  const row = await server.app.context.db
    .insertInto('sessions')
    .values({
      token_hash: randomBytes(16).toString('hex'),
      user_id: userId,
      application_id: await applicationId('planoauth'),
      remember_me: times.rememberMe ?? false,
      acting_user_id: null,
      origin_session_id: times.origin ?? null,
      redirect_url: null,
      ip: null,
      user_agent: null,
      created_at: times.created,
      last_used_at: times.lastUsed ?? times.created,
      revoked_at: times.revoked ?? null,
      revoked_reason: times.revoked ? 'signed-out' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function grant(
  actingUserId: number,
  originSessionId: number,
  clientId: number,
  expires: Date,
  redeemed?: Date,
) {
  const row = await server.app.context.db
    .insertInto('xso_grants')
    .values({
      code_hash: randomBytes(16).toString('hex'),
      acting_user_id: actingUserId,
      origin_session_id: originSessionId,
      client_id: clientId,
      application_id: await applicationId('capture'),
      step_1: false,
      order_id: null,
      tour_id: null,
      ip: null,
      user_agent: null,
      created_at: new Date(expires.getTime() - 60_000),
      expires_at: expires,
      redeemed_at: redeemed ?? null,
      redeemed_session_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function email(status: 'queued' | 'sent' | 'failed' | 'rejected', updated: Date): Promise<number> {
  const row = await server.app.context.db
    .insertInto('email_outbox')
    .values({
      kind: 'welcome',
      to_email: 'someone@example.com',
      to_name: null,
      subject: 'Hello',
      html_body: '<p>Hello</p>',
      text_body: 'Hello',
      context: JSON.stringify({}),
      idempotency_key: randomBytes(8).toString('hex'),
      status,
      next_attempt_at: updated,
      created_at: new Date(updated.getTime() - HOUR),
      updated_at: updated,
      sent_at: status === 'sent' ? updated : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function remaining(
  table: 'sessions' | 'xso_grants' | 'email_outbox',
  ids: number[],
): Promise<number[]> {
  const rows = await server.app.context.db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

describe('the purge job', () => {
  it('deletes ended sessions, used or expired hand-off codes and settled emails past their retention, and nothing else', async () => {
    const db = server.app.context.db;
    const user = await createUser(db, ['client']);
    const clientId = user.clientId!;
    const keep = {
      live: await session(user.userId, { created: ago(HOUR) }),
      // Remembered, so it ended only when revoked (not at 7 days).
      revokedRecently: await session(user.userId, {
        created: ago(40 * DAY),
        revoked: ago(29 * DAY),
        rememberMe: true,
      }),
      idleEndedRecently: await session(user.userId, { created: ago(32 * DAY) }),
      remembered: await session(user.userId, {
        created: ago(100 * DAY),
        lastUsed: ago(90 * DAY),
        rememberMe: true,
      }),
    };
    const revokedLongAgo = await session(user.userId, { created: ago(40 * DAY), revoked: ago(31 * DAY) });
    const gone = {
      revokedLongAgo,
      idleEndedLongAgo: await session(user.userId, { created: ago(34 * DAY) }),
      absoluteEndedLongAgo: await session(user.userId, { created: ago(38 * DAY), lastUsed: ago(36 * DAY) }),
    };
    // Live by its own times, but handed off from a session that is purged: it goes with it.
    const handedOff = await session(user.userId, { created: ago(HOUR), origin: revokedLongAgo });

    const grants = {
      keep: [await grant(user.userId, keep.live, clientId, ago(HOUR))],
      gone: [
        await grant(user.userId, keep.live, clientId, ago(2 * DAY)),
        await grant(user.userId, keep.live, clientId, ago(2 * DAY - 30_000), ago(2 * DAY)),
      ],
    };
    const emails = {
      keep: [await email('sent', ago(29 * DAY)), await email('queued', ago(31 * DAY))],
      gone: [
        await email('sent', ago(31 * DAY)),
        await email('failed', ago(40 * DAY)),
        await email('rejected', ago(31 * DAY)),
      ],
    };
    await db
      .insertInto('throttle_counters')
      .values([
        {
          key: 'test:over',
          window_started_at: ago(HOUR),
          count: 3,
          last_hit_at: ago(HOUR),
          expires_at: ago(1),
        },
        {
          key: 'test:live',
          window_started_at: ago(HOUR),
          count: 3,
          last_hit_at: ago(HOUR),
          expires_at: ago(-HOUR),
        },
      ])
      .execute();

    logLines.length = 0;
    const counts = await server.app.purgeJob.runOnce();
    expect(counts).toEqual({ sessions: 3, xsoGrants: 2, emails: 3, throttleCounters: 1 });
    const allSessions = [...Object.values(keep), ...Object.values(gone), handedOff];
    expect(await remaining('sessions', allSessions)).toEqual(Object.values(keep).sort((a, b) => a - b));
    expect(await remaining('xso_grants', [...grants.keep, ...grants.gone])).toEqual(grants.keep);
    expect(await remaining('email_outbox', [...emails.keep, ...emails.gone])).toEqual(
      emails.keep.sort((a, b) => a - b),
    );
    const counters = await db
      .selectFrom('throttle_counters')
      .select('key')
      .where('key', 'like', 'test:%')
      .execute();
    expect(counters.map((c) => c.key)).toEqual(['test:live']);

    const logged = logLines.map((line) => JSON.parse(line)).find((l) => l.msg === 'purge: old rows deleted');
    expect(logged.purged).toEqual(counts);

    // Nothing left to do: a second round deletes nothing.
    expect(await server.app.purgeJob.runOnce()).toEqual({
      sessions: 0,
      xsoGrants: 0,
      emails: 0,
      throttleCounters: 0,
    });
  });

  it('takes its retentions from the configuration', async () => {
    const sent = await email('sent', ago(2 * DAY));
    const config: PurgeConfig = { ...defaults, emailRetentionMs: 3 * DAY };
    await purgeOnce(server.app.context.db, server.clock.now(), config);
    expect(await remaining('email_outbox', [sent])).toEqual([sent]);
    const counts = await purgeOnce(server.app.context.db, server.clock.now(), {
      ...config,
      emailRetentionMs: DAY,
    });
    expect(counts.emails).toBe(1);
    expect(await remaining('email_outbox', [sent])).toEqual([]);
  });

  it('runs safely on several instances at once: every row deleted once, counted once', async () => {
    const ids = [];
    for (let i = 0; i < 12; i++) ids.push(await email('sent', ago(31 * DAY)));
    const config: PurgeConfig = { ...defaults, batchSize: 2 };
    const runs = await Promise.all(
      [1, 2, 3].map(() => purgeOnce(server.app.context.db, server.clock.now(), config)),
    );
    expect(runs.reduce((sum, run) => sum + run.emails, 0)).toBe(12);
    expect(await remaining('email_outbox', ids)).toEqual([]);
  });

  it('reads its settings from the environment', () => {
    expect(defaults).toEqual({
      enabled: true,
      intervalMs: HOUR,
      sessionRetentionMs: 30 * DAY,
      xsoRetentionMs: DAY,
      emailRetentionMs: 30 * DAY,
      batchSize: 1000,
    });
    const set = loadConfig({
      PURGE_JOB: 'false',
      PURGE_EMAIL_RETENTION_MS: '1000',
      PURGE_INTERVAL_MS: '60000',
    }).purge;
    expect(set).toMatchObject({ enabled: false, emailRetentionMs: 1000, intervalMs: 60_000 });
    expect(() => loadConfig({ PURGE_BATCH_SIZE: '0' })).toThrow(
      'PURGE_BATCH_SIZE: "0" expects an integer ≥ 1',
    );
  });
});

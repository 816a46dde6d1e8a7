/**
 * `npm run bench`: PlanoCore against a bare Fastify baseline, on PGlite and on PostgreSQL.
 *
 * Builds once, then for each database starts the compiled server (LOG_LEVEL=warn: per-request
 * logging at info would be measured too) and afterwards the baseline (bench/baseline-server.ts)
 * as child processes on 127.0.0.1, one at a time, and measures each target with autocannon:
 * 2 s warm-up, then BENCH_SECONDS (6) at 10 connections, in BENCH_ROUNDS (3) alternating rounds.
 *   (a) GET system/status: the full pipeline vs bare Fastify returning the same envelope
 *   (b) GET users/show: session lookup + one primary-key SELECT vs bare Fastify doing the same
 *       primary-key SELECT with the same driver
 *   (c) POST sessions/create (base64 body, argon2id at OWASP parameters) vs one argon2id verify
 * Writes bench/results.json. BENCH_PROFILE=1 adds --cpu-prof (profiles in bench/profiles/).
 * BENCH_ONLY=pglite|postgres runs one half; BENCH_TARGETS=ab some targets.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// @ts-expect-error autocannon ships no types; its result shape is declared below
import autocannon from 'autocannon';
import pg from 'pg';

const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BENCH_DB = 'planocore_bench';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 2;
const CONNECTIONS = 10;
const EMAIL = 'employee@demo.planocore.test';
const PASSWORD = 'demo-password';
const root = new URL('..', import.meta.url).pathname;

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface Measure {
  req_per_s: number;
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  errors: number;
}

interface Target {
  id: 'a' | 'b' | 'c';
  name: string;
  method: 'GET' | 'POST';
  path: (token: string) => string;
  body?: string;
  /** PlanoCore's req/s must reach this share of the baseline's. */
  minRatio?: number;
  /** PlanoCore's p99 must stay below this. */
  maxP99Ms?: number;
}

const signInBody = Buffer.from(
  JSON.stringify({ email: EMAIL, password: PASSWORD, application: 'planoorder' }),
).toString('base64');

const ALL_TARGETS: Target[] = [
  {
    id: 'a',
    name: 'GET system/status (public, full pipeline)',
    method: 'GET',
    path: () => '/api/v1/system/status?echo=bench',
    minRatio: 0.85,
    maxP99Ms: 10,
  },
  {
    id: 'b',
    name: 'GET users/show (session lookup + PK select)',
    method: 'GET',
    path: (token) => `/api/v1/users/show?token=${encodeURIComponent(token)}`,
    minRatio: 0.5,
    maxP99Ms: 10,
  },
  {
    id: 'c',
    name: 'POST sessions/create (argon2id 19 MiB, t=2)',
    method: 'POST',
    path: () => '/api/v1/sessions/create',
    body: signInBody,
  },
];

/** BENCH_TARGETS=ab measures only those (for profiling). */
const TARGETS = ALL_TARGETS.filter((t) => (process.env.BENCH_TARGETS ?? 'abc').includes(t.id));

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startChild(
  label: string,
  script: string,
  env: Record<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const profile =
    process.env.BENCH_PROFILE === '1'
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${join(root, 'bench/profiles')}`,
          `--cpu-prof-name=${label}.cpuprofile`,
        ]
      : [];
  const child = spawn(process.execPath, [...profile, join(root, script)], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) throw new Error(`${label} did not answer within 60 s: ${stderr}`);
    try {
      const res = await fetch(`${url}/api/v1/system/status`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
      }
      children.delete(child);
    },
  };
}

function cannon(url: string, target: Target, token: string, duration: number): Promise<AutocannonResult> {
  return autocannon({
    url: url + target.path(token),
    method: target.method,
    connections: CONNECTIONS,
    duration,
    ...(target.body ? { body: target.body, headers: { 'content-type': 'text/plain' } } : {}),
  }) as Promise<AutocannonResult>;
}

async function measure(url: string, target: Target, token: string): Promise<Measure> {
  await cannon(url, target, token, WARMUP_SECONDS);
  const r = await cannon(url, target, token, SECONDS);
  return {
    req_per_s: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/** The round with the median req/s, latencies and errors as measured in that round. */
function median(measures: Measure[]): Measure {
  const sorted = [...measures].sort((a, b) => a.req_per_s - b.req_per_s);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/sessions/create`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: signInBody,
  });
  const body = (await res.json()) as { session?: { token?: string } };
  if (!body.session?.token) throw new Error(`sign-in failed: ${JSON.stringify(body)}`);
  return body.session.token;
}

type DatabaseEnv = Record<string, string>;

type Round = { planocore: Record<string, Measure>; baseline: Record<string, Measure> };

/** One round: PlanoCore, then the baseline, on the same database, each measured on every target. */
async function runRound(kind: 'pglite' | 'postgres', env: DatabaseEnv, round: number): Promise<Round> {
  const result: Round = { planocore: {}, baseline: {} };
  const server = await startChild(`planocore-${kind}-${round}`, 'dist/src/main.js', {
    ...env,
    LOG_LEVEL: 'warn',
    SEED_DEMO_DATA: 'true',
    EMAIL_WORKER: 'false',
    LOGIN_MAX_ATTEMPTS_PER_IP: '100000000',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '100000000',
  });
  try {
    if (env.DATABASE_URL && round === 1) await settle(env.DATABASE_URL);
    const token = await signIn(server.url);
    for (const target of TARGETS) {
      result.planocore[target.id] = await measure(server.url, target, token);
      console.log(
        `  ${kind} round ${round} planocore ${target.id}: ${result.planocore[target.id]!.req_per_s} req/s`,
      );
    }
  } finally {
    await server.stop();
  }
  const bare = await startChild(`baseline-${kind}-${round}`, 'dist/bench/baseline-server.js', {
    ...env,
    BENCH_EMAIL: EMAIL,
  });
  try {
    for (const target of TARGETS) {
      result.baseline[target.id] = await measure(bare.url, target, '');
      console.log(
        `  ${kind} round ${round} baseline  ${target.id}: ${result.baseline[target.id]!.req_per_s} req/s`,
      );
    }
  } finally {
    await bare.stop();
  }
  return result;
}

async function runOn(kind: 'pglite' | 'postgres', env: DatabaseEnv) {
  // Rounds alternate PlanoCore and the baseline (PGlite allows one process per data directory), so
  // a slow spell of the machine falls on both; each side keeps its median round per target.
  const rounds: Round[] = [];
  for (let round = 1; round <= ROUNDS; round++) rounds.push(await runRound(kind, env, round));
  return TARGETS.map((target) => {
    const ours = median(rounds.map((r) => r.planocore[target.id]!));
    const theirs = median(rounds.map((r) => r.baseline[target.id]!));
    const ratio = +(ours.req_per_s / theirs.req_per_s).toFixed(2);
    const failures = [
      target.minRatio !== undefined && ratio < target.minRatio ? `ratio ${ratio} < ${target.minRatio}` : null,
      target.maxP99Ms !== undefined && ours.p99_ms >= target.maxP99Ms
        ? `p99 ${ours.p99_ms} ms ≥ ${target.maxP99Ms} ms`
        : null,
      ours.non2xx > 0 || ours.errors > 0 ? `${ours.non2xx} non-2xx, ${ours.errors} errors` : null,
    ].filter((f): f is string => f !== null);
    return {
      database: kind,
      target: target.id,
      name: target.name,
      planocore: ours,
      baseline: theirs,
      rounds_req_per_s: {
        planocore: rounds.map((r) => r.planocore[target.id]!.req_per_s),
        baseline: rounds.map((r) => r.baseline[target.id]!.req_per_s),
      },
      ratio,
      targets: { min_ratio: target.minRatio ?? null, max_p99_ms: target.maxP99Ms ?? null },
      pass: failures.length === 0,
      failures,
    };
  });
}

/**
 * The fresh bench database was just migrated and seeded: autovacuum would pick it up a minute later,
 * in the middle of a measurement, on the cores the servers use. Do that work now.
 */
async function settle(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('vacuum analyze');
  } finally {
    await client.end();
  }
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query(`drop database if exists ${BENCH_DB} with (force)`);
    await client.query(`create database ${BENCH_DB}`);
    return true;
  } catch (err) {
    console.log(
      `PostgreSQL at ${POSTGRES_URL} is unreachable (${(err as Error).message}): skipping that half`,
    );
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropBenchDatabase(): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`drop database if exists ${BENCH_DB} with (force)`);
  await client.end();
}

function table(rows: Awaited<ReturnType<typeof runOn>>): string {
  const lines = [
    'db        target                                              PlanoCore req/s  p50   p99  | bare req/s  p50   p99 | ratio  pass',
  ];
  for (const r of rows) {
    lines.push(
      [
        r.database.padEnd(9),
        `(${r.target}) ${r.name}`.padEnd(52),
        String(r.planocore.req_per_s).padStart(15),
        String(r.planocore.p50_ms).padStart(4),
        String(r.planocore.p99_ms).padStart(5),
        ' |',
        String(r.baseline.req_per_s).padStart(10),
        String(r.baseline.p50_ms).padStart(4),
        String(r.baseline.p99_ms).padStart(5),
        '|',
        String(r.ratio).padStart(5),
        r.pass ? ' pass' : ` FAIL: ${r.failures.join('; ')}`,
      ].join(' '),
    );
  }
  return lines.join('\n');
}

console.log('building (npm run build)…');
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const rows: Awaited<ReturnType<typeof runOn>> = [];
const only = process.env.BENCH_ONLY;
if (only !== 'postgres') {
  const dir = mkdtempSync(join(tmpdir(), 'planocore-bench-'));
  try {
    rows.push(...(await runOn('pglite', { PGLITE_DATA_DIR: dir })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (only !== 'pglite' && (await postgresReachable())) {
  try {
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${BENCH_DB}`;
    rows.push(...(await runOn('postgres', { DATABASE_URL: url.toString() })));
  } finally {
    await dropBenchDatabase();
  }
}

console.log(`\n${table(rows)}\n`);
const cpu = cpus();
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: { model: cpu[0]?.model ?? 'unknown', count: cpu.length },
  settings: {
    connections: CONNECTIONS,
    warmup_s: WARMUP_SECONDS,
    duration_s: SECONDS,
    rounds: ROUNDS,
    server_log_level: 'warn',
    note: 'server and load generator share the machine; baseline = bare Fastify 5, no protocol',
  },
  results: rows,
};
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench/results.json');
process.exit(rows.every((r) => r.pass) ? 0 : 1);

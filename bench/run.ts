/**
 * `npm run bench`: PlanoCore against a bare Fastify baseline, on PGlite and on PostgreSQL.
 *
 * Builds once, then for each database starts the compiled server (LOG_LEVEL=warn: per-request
 * logging at info would be measured too) and the baseline (bench/baseline-server.ts) as child
 * processes on 127.0.0.1, both at once (on PGlite the baseline gets a copy of PlanoCore's seeded
 * data directory), and measures each target with autocannon at 10 connections: a 2 s warm-up of
 * each, then BENCH_SLICES (8) slices of BENCH_SECONDS (3) per side, interleaved (A B B A A B …) so
 * that the machine's slow and fast spells fall on both sides alike.
 *   (a) GET system/status: the full pipeline vs bare Fastify returning the same envelope (every
 *       baseline reply carries a request id and headers as PlanoCore's do,
 *       src/http/reply-headers.ts)
 *   (b) GET users/show: session lookup + one primary-key SELECT vs bare Fastify doing the same
 *       primary-key SELECT with the same driver
 *   (c) POST sessions/create (base64 body, argon2id at OWASP parameters) vs one argon2id verify
 *   (b2) (b) again with two server processes on each side behind one port (node:cluster,
 *       bench/cluster.ts), PostgreSQL only: PGlite allows one process per database
 *   (d) GET orders/list: session lookup + a page of 25 orders with their line items (count, page,
 *       line items) vs bare Fastify running the same three statements (BENCH_ORDERS orders with
 *       3 line items each are added to the seeded data first)
 * Reports per side the medians over the slices of req/s, p50, p99 and the server's CPU time per
 * request, and the worst p99; the ratio is the median of the slice pairs' ratios, and the CPU ratio
 * the baseline's CPU per request over PlanoCore's (1 = as cheap; steadier than req/s on a shared
 * machine). Writes
 * bench/results.json, every slice included.
 * BENCH_PROFILE=1 adds --cpu-prof (profiles in bench/profiles/). BENCH_ONLY=pglite|postgres runs
 * one half; BENCH_TARGETS=ab some targets. BENCH_VERSUS=metrics-off (PGlite, target a) puts PlanoCore
 * with METRICS_ENABLED=false on the baseline's side, so the ratio is the cost of the metrics.
 * BENCH_RATE=N sends N requests a second to each side instead of as many as it can take: the req/s
 * ratio is then 1 by design and the CPU µs per request compare both sides at the same load (a
 * saturated server batches more requests per wake-up, which flatters the faster side).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// @ts-expect-error autocannon ships no types; its result shape is declared below
import autocannon from 'autocannon';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BENCH_DB = 'planocore_bench';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const SLICES = Number(process.env.BENCH_SLICES ?? 8);
const WARMUP_SECONDS = 2;
const RATE = Number(process.env.BENCH_RATE ?? 0);
const CONNECTIONS = 10;
const EMAIL = 'employee@demo.planocore.test';
const PASSWORD = 'demo-password';
const root = new URL('..', import.meta.url).pathname;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface Slice {
  req_per_s: number;
  p50_ms: number;
  p99_ms: number;
  /** The server process's CPU time (user + system) per request served, when /proc tells it. */
  cpu_us_per_req: number | null;
  non2xx: number;
  errors: number;
}

/** Medians over the slices, but for the worst p99 and the totals of non-2xx and errors. */
interface Summary {
  req_per_s: number;
  p50_ms: number;
  p99_ms: number;
  worst_p99_ms: number;
  cpu_us_per_req: number | null;
  non2xx: number;
  errors: number;
}

interface Target {
  id: 'a' | 'b' | 'b2' | 'c' | 'd';
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
    minRatio: 0.9,
    maxP99Ms: 10,
  },
  {
    id: 'b',
    name: 'GET users/show (session lookup + PK select)',
    method: 'GET',
    path: (token) => `/api/v1/users/show?token=${encodeURIComponent(token)}`,
    minRatio: 0.8,
    maxP99Ms: 10,
  },
  {
    id: 'b2',
    name: 'GET users/show, 2 processes each side (cluster)',
    method: 'GET',
    path: (token) => `/api/v1/users/show?token=${encodeURIComponent(token)}`,
    minRatio: 0.8,
  },
  {
    id: 'c',
    name: 'POST sessions/create (argon2id 19 MiB, t=2)',
    method: 'POST',
    path: () => '/api/v1/sessions/create',
    body: signInBody,
  },
  {
    id: 'd',
    name: 'GET orders/list (25 orders with their line items)',
    method: 'GET',
    path: (token) => `/api/v1/orders/list?per_page=25&token=${encodeURIComponent(token)}`,
    minRatio: 0.7,
  },
];

/** BENCH_TARGETS=ab measures only those (for profiling). */
const TARGETS = ALL_TARGETS.filter((t) => {
  const only = process.env.BENCH_TARGETS ?? 'abcd';
  return t.id === 'b2' ? only.includes('b') : only.includes(t.id);
});

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

interface Server {
  readonly url: string;
  readonly pid: number;
  /** PostgreSQL: the database it uses. */
  readonly databaseUrl?: string;
  stop(): Promise<void>;
}

/** The script as BENCH_CLUSTER_WORKERS processes behind one port (bench/cluster.ts). */
function startCluster(label: string, script: string, env: Record<string, string>): Promise<Server> {
  return startChild(label, 'dist/bench/cluster.js', {
    ...env,
    BENCH_CLUSTER_SCRIPT: join(root, script),
    BENCH_CLUSTER_WORKERS: '2',
  });
}

async function startChild(label: string, script: string, env: Record<string, string>): Promise<Server> {
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
    pid: child.pid!,
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
    ...(RATE ? { overallRate: RATE } : {}),
    ...(target.body ? { body: target.body, headers: { 'content-type': 'text/plain' } } : {}),
  }) as Promise<AutocannonResult>;
}

/**
 * CPU time (user + system) the process and its live children (a cluster's workers) have used, in
 * ms; null where /proc is not there.
 */
function cpuMs(pid: number): number | null {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (10 ms).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const own = (Number(fields[11]) + Number(fields[12])) * 10;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return children === ''
      ? own
      : children.split(' ').reduce((sum, child) => sum + (cpuMs(Number(child)) ?? 0), own);
  } catch {
    return null;
  }
}

async function slice(server: Server, target: Target, token: string): Promise<Slice> {
  const before = cpuMs(server.pid);
  const r = await cannon(server.url, target, token, SECONDS);
  const after = cpuMs(server.pid);
  return {
    req_per_s: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    cpu_us_per_req:
      before === null || after === null || r.requests.total === 0
        ? null
        : Math.round(((after - before) * 1000) / r.requests.total),
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/** The median; with an even count, the mean of the two middle values. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return Number.isInteger(mid) ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[Math.floor(mid)]!;
}

/** Each figure is the median of the slices' figures. */
function summarize(slices: Slice[]): Summary {
  const cpu = slices.map((s) => s.cpu_us_per_req).filter((c): c is number => c !== null);
  return {
    req_per_s: Math.round(median(slices.map((s) => s.req_per_s))),
    p50_ms: median(slices.map((s) => s.p50_ms)),
    p99_ms: median(slices.map((s) => s.p99_ms)),
    worst_p99_ms: Math.max(...slices.map((s) => s.p99_ms)),
    cpu_us_per_req: cpu.length > 0 ? Math.round(median(cpu)) : null,
    non2xx: slices.reduce((sum, s) => sum + s.non2xx, 0),
    errors: slices.reduce((sum, s) => sum + s.errors, 0),
  };
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

/** Orders added to the demo client's (3 line items each), so (d) lists full pages. */
const BENCH_ORDERS = Number(process.env.BENCH_ORDERS ?? 25);
const FIXTURE_SQL = [
  `insert into orders (client_id, tour_id, address, status, notes, updated_at)
   select c.id, null, 'Bench ' || g || ' Main Street', 'ordered', 'bench order', now()
   from clients c join users u on u.id = c.user_id, generate_series(1, ${BENCH_ORDERS}) g
   where u.email = 'client@demo.planocore.test'`,
  `insert into line_items (order_id, description, status, updated_at)
   select o.id, 'Bench item ' || g, 'pending', now()
   from orders o, generate_series(1, 3) g where o.address like 'Bench %'`,
];

async function addOrderFixture(query: (text: string) => Promise<unknown>): Promise<void> {
  for (const statement of FIXTURE_SQL) await query(statement);
}

const PLANOCORE_ENV = {
  LOG_LEVEL: 'warn',
  SEED_DEMO_DATA: 'true',
  EMAIL_WORKER: 'false',
  LOGIN_MAX_ATTEMPTS_PER_IP: '100000000',
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '100000000',
};

/**
 * Starts PlanoCore and the baseline side by side. PGlite allows one process per data directory:
 * PlanoCore migrates and seeds its directory first, and the baseline reads a copy of it.
 */
async function startPair(
  kind: 'pglite' | 'postgres',
): Promise<{ ours: Server; bare: Server; cleanup(): void }> {
  if (kind === 'postgres') {
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${BENCH_DB}`;
    const env = { DATABASE_URL: url.toString() };
    const ours = {
      ...(await startChild('planocore-postgres', 'dist/src/main.js', { ...env, ...PLANOCORE_ENV })),
      databaseUrl: env.DATABASE_URL,
    };
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    await addOrderFixture((text) => client.query(text)).finally(() => client.end());
    await settle(env.DATABASE_URL);
    const bare = await startChild('baseline-postgres', 'dist/bench/baseline-server.js', {
      ...env,
      BENCH_EMAIL: EMAIL,
    });
    return { ours, bare, cleanup: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), 'planocore-bench-'));
  const seeding = await startChild('planocore-seed', 'dist/src/main.js', {
    PGLITE_DATA_DIR: dir,
    ...PLANOCORE_ENV,
  });
  await seeding.stop();
  const fixture = await PGlite.create({ dataDir: dir });
  await addOrderFixture((text) => fixture.query(text));
  await fixture.close();
  cpSync(dir, `${dir}-baseline`, { recursive: true });
  const ours = await startChild('planocore-pglite', 'dist/src/main.js', {
    PGLITE_DATA_DIR: dir,
    ...PLANOCORE_ENV,
  });
  const bare =
    process.env.BENCH_VERSUS === 'metrics-off'
      ? await startChild('planocore-pglite-no-metrics', 'dist/src/main.js', {
          PGLITE_DATA_DIR: `${dir}-baseline`,
          ...PLANOCORE_ENV,
          METRICS_ENABLED: 'false',
        })
      : await startChild('baseline-pglite', 'dist/bench/baseline-server.js', {
          PGLITE_DATA_DIR: `${dir}-baseline`,
          BENCH_EMAIL: EMAIL,
        });
  const cleanup = () => {
    for (const d of [dir, `${dir}-baseline`]) rmSync(d, { recursive: true, force: true });
  };
  return { ours, bare, cleanup };
}

/** The targets on one database; (b2) on a second pair of two-process clusters (PostgreSQL). */
async function runOn(kind: 'pglite' | 'postgres') {
  const { ours, bare, cleanup } = await startPair(kind);
  try {
    const rows = await measure(
      kind,
      ours,
      bare,
      TARGETS.filter((t) => t.id !== 'b2'),
    );
    const clustered = TARGETS.filter((t) => t.id === 'b2');
    if (kind === 'postgres' && clustered.length > 0) {
      await ours.stop();
      await bare.stop();
      const env = { DATABASE_URL: ours.databaseUrl! };
      const ours2 = await startCluster('planocore-cluster', 'dist/src/main.js', { ...env, ...PLANOCORE_ENV });
      const bare2 = await startCluster('baseline-cluster', 'dist/bench/baseline-server.js', {
        ...env,
        BENCH_EMAIL: EMAIL,
      });
      try {
        rows.push(...(await measure(kind, ours2, bare2, clustered)));
      } finally {
        await ours2.stop();
        await bare2.stop();
      }
    }
    return rows;
  } finally {
    await ours.stop();
    await bare.stop();
    cleanup();
  }
}

async function measure(kind: 'pglite' | 'postgres', ours: Server, bare: Server, targets: Target[]) {
  const token = await signIn(ours.url);
  const rows = [];
  for (const target of targets) {
    await cannon(ours.url, target, token, WARMUP_SECONDS);
    await cannon(bare.url, target, '', WARMUP_SECONDS);
    const slices: { ours: Slice; bare: Slice }[] = [];
    for (let i = 0; i < SLICES; i++) {
      // A B, B A, A B, …: neither side always runs first after the other.
      const oursFirst = i % 2 === 0;
      const first = await slice(oursFirst ? ours : bare, target, oursFirst ? token : '');
      const second = await slice(oursFirst ? bare : ours, target, oursFirst ? '' : token);
      slices.push(oursFirst ? { ours: first, bare: second } : { ours: second, bare: first });
    }
    const row = judge(kind, target, slices);
    console.log(`  ${kind} (${target.id}): ratio ${row.ratio} (${row.ratios.join(', ')})`);
    rows.push(row);
  }
  return rows;
}

function judge(kind: 'pglite' | 'postgres', target: Target, slices: { ours: Slice; bare: Slice }[]) {
  const ours = summarize(slices.map((s) => s.ours));
  const theirs = summarize(slices.map((s) => s.bare));
  const ratios = slices.map((s) => +(s.ours.req_per_s / s.bare.req_per_s).toFixed(2));
  const ratio = +median(ratios).toFixed(3);
  const cpuRatio =
    ours.cpu_us_per_req && theirs.cpu_us_per_req
      ? +(theirs.cpu_us_per_req / ours.cpu_us_per_req).toFixed(2)
      : null;
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
    ratio,
    ratios,
    cpu_ratio: cpuRatio,
    slices: { planocore: slices.map((s) => s.ours), baseline: slices.map((s) => s.bare) },
    targets: { min_ratio: target.minRatio ?? null, max_p99_ms: target.maxP99Ms ?? null },
    pass: failures.length === 0,
    failures,
  };
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
  const side = (m: Summary, width: number) =>
    [
      String(m.req_per_s).padStart(width),
      String(m.p50_ms).padStart(4),
      String(m.p99_ms).padStart(5),
      String(m.cpu_us_per_req ?? '-').padStart(7),
    ].join(' ');
  const lines = [
    'db        target                                              PlanoCore req/s  p50   p99  cpu µs | bare req/s  p50   p99  cpu µs | ratio  cpu ratio  pass',
  ];
  for (const r of rows) {
    lines.push(
      [
        r.database.padEnd(9),
        `(${r.target}) ${r.name}`.padEnd(52),
        side(r.planocore, 15),
        '|',
        side(r.baseline, 10),
        '|',
        String(r.ratio).padStart(5),
        String(r.cpu_ratio ?? '-').padStart(10),
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
if (only !== 'postgres') rows.push(...(await runOn('pglite')));
if (only !== 'pglite' && (await postgresReachable())) {
  try {
    rows.push(...(await runOn('postgres')));
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
    slice_s: SECONDS,
    slices: SLICES,
    server_log_level: 'warn',
    note: 'server, baseline and load generator share the machine; slices interleaved; baseline = bare Fastify 5, no protocol, the same reply headers and UUID request ids',
  },
  results: rows,
};
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench/results.json');
process.exit(rows.every((r) => r.pass) ? 0 : 1);

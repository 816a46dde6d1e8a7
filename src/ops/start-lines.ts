import { resolve } from 'node:path';
import type { Config } from '../config.js';
import type { DemoSummary } from '../demo/summary.js';

/** The database in use, for people: never a password (a connection string's is dropped). */
export function describeDatabase(config: Pick<Config, 'databaseUrl' | 'pgliteDataDir'>): string {
  if (!config.databaseUrl) {
    return config.pgliteDataDir.startsWith('memory://')
      ? 'embedded PGlite, in memory (gone when the server stops)'
      : `embedded PGlite, data in ${resolve(config.pgliteDataDir)}`;
  }
  try {
    const url = new URL(config.databaseUrl);
    const user = url.username ? ` as ${decodeURIComponent(url.username)}` : '';
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)';
    return `PostgreSQL ${url.hostname || 'localhost'}:${url.port || '5432'}/${database}${user}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** The lines `npm start` prints once it listens: where to go, which database, how to sign in. */
export function startLines(input: {
  readonly url: string;
  readonly config: Config;
  readonly startedInMs: number;
  readonly pages: readonly { readonly name: string; readonly path: string }[];
  readonly demo: DemoSummary | null;
}): string[] {
  const { url, config, demo } = input;
  const lines = [
    `PlanoCore listening on ${url} (started in ${Math.round(input.startedInMs)} ms)`,
    ...input.pages.map((page) => `  ${`${page.name}:`.padEnd(15)}${url}${page.path}`),
    `  ${'database:'.padEnd(15)}${describeDatabase(config)}`,
    `  ${'email worker:'.padEnd(15)}${emailWorkerLine(config)}`,
  ];
  if (demo) {
    lines.push(`Demo data (SEED_DEMO_DATA=false to skip), password for all: ${demo.password}`);
    for (const user of demo.users)
      lines.push(`  ${user.email.padEnd(32)} user ${user.userId} (${user.role})`);
    lines.push(
      `  demo orders: ${demo.orderIds.join(', ') || 'none'}; tours: ${demo.tourIds.join(', ') || 'none'}`,
    );
  }
  return lines;
}

function emailWorkerLine(config: Config): string {
  if (!config.email.workerEnabled) return 'off (EMAIL_WORKER=false): emails stay queued';
  if (!config.mandrill.apiKey) return 'on, but MANDRILL_API_KEY is not set: no email is sent';
  return `on, sending through ${config.mandrill.baseUrl}`;
}

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Creating a PGlite database runs initdb (seconds); loading a dump takes a fraction of that. So the
 * suite migrates one database up front and every test file starts from its dump.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.DATABASE_URL) {
    project.provide('pgliteTemplate', '');
    return async () => {};
  }
  const dir = await mkdtemp(join(tmpdir(), 'planocore-test-'));
  const file = join(dir, 'template.tar');
  const handle = await openDatabase({ pgliteDataDir: 'memory://' });
  await migrateToLatest(handle);
  await writeFile(file, Buffer.from(await (await handle.dump!()).arrayBuffer()));
  await handle.close();
  project.provide('pgliteTemplate', file);
  return async () => rm(dir, { recursive: true, force: true });
}

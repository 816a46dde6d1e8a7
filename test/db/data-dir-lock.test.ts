import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE } from '../../src/db/data-dir-lock.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'planocore-lock-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts from the suite's migrated dump: a fresh directory's initdb alone takes seconds. */
async function fromTemplate(): Promise<{ pgliteTemplate?: Blob }> {
  const template = inject('pgliteTemplate');
  return template ? { pgliteTemplate: new Blob([await readFile(template)]) } : {};
}

async function open(dir: string): Promise<DatabaseHandle> {
  const handle = await openDatabase({ pgliteDataDir: dir, ...(await fromTemplate()) });
  cleanup.push(() => handle.close());
  return handle;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('one owner per PGlite data directory', () => {
  it('refuses a second opening while the first holds it, naming the directory and the pid; free again once closed', async () => {
    const dir = await freshDir();
    const first = await openDatabase({ pgliteDataDir: dir, ...(await fromTemplate()) });
    const lock = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, host: hostname() });

    const second = openDatabase({ pgliteDataDir: dir });
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(`${dir} is in use by process ${process.pid}`);

    await first.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await openDatabase({ pgliteDataDir: dir });
    await again.close();
  });

  it('makes npm run issue-app-token fail at once with that message while a server holds the directory', async () => {
    const dir = await freshDir();
    await open(dir);
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/issue-app-token.ts', 'capture'], {
      env: { ...process.env, PGLITE_DATA_DIR: dir, DATABASE_URL: '' },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`The PGlite data directory ${dir} is in use by process ${process.pid}`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
    // Refused before PGlite starts (which alone takes seconds): the time is tsx's start-up.
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = await freshDir();
    const pid = deadPid();
    await writeFile(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid, host: hostname(), processStart: null, since: '2026-01-01T00:00:00Z' }),
    );
    await open(dir);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
  });

  it('takes over a lock whose pid now belongs to another process (started at another time)', async () => {
    const dir = await freshDir();
    const lock = { pid: process.pid, host: hostname(), processStart: '1', since: '2026-01-01T00:00:00Z' };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(lock));
    await open(dir);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).processStart).not.toBe('1');
  });

  it('takes over an unreadable (half-written) lock file', async () => {
    const dir = await freshDir();
    await writeFile(join(dir, LOCK_FILE), '{"pid": 12');
    await open(dir);
  });

  it('counts a holder on another host as alive (a shared disk cannot be checked)', async () => {
    const dir = await freshDir();
    const lock = {
      pid: deadPid(),
      host: 'elsewhere.example',
      processStart: null,
      since: '2026-01-01T00:00:00Z',
    };
    await writeFile(join(dir, LOCK_FILE), JSON.stringify(lock));
    await expect(openDatabase({ pgliteDataDir: dir })).rejects.toThrow(
      `in use by process ${lock.pid} on elsewhere.example`,
    );
  });
});

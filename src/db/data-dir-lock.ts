import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** Who holds a data directory, as written in its lock file. */
interface Holder {
  readonly pid: number;
  readonly host: string;
  /** The holder's start time as the kernel counts it (Linux), so a reused pid is not mistaken for it. */
  readonly processStart: string | null;
  readonly since: string;
}

export const LOCK_FILE = 'planocore.lock';

/** A second process opening a PGlite directory that a live process holds. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder,
  ) {
    super(
      `The PGlite data directory ${dataDir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.since}). ` +
        'The embedded database can be open in one process only: stop that process first, ' +
        '(application tokens can also be issued through the API, applications/issue_token), ' +
        'or run every process on PostgreSQL (DATABASE_URL).',
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * Takes `<dataDir>/planocore.lock` for this process, or throws DataDirLockedError naming the live
 * holder. PGlite itself would open a held directory without complaint, and each process would then
 * see only its own writes until one side's vanished. A lock left by a process that is gone (crash,
 * kill -9) is taken over. Returns the release, which removes the file if it is still ours.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    processStart: processStartOf(process.pid),
    since: new Date().toISOString(),
  };
  const text = JSON.stringify(me);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(path, text)) {
      const release = () => releaseIfOurs(path, text);
      process.once('exit', release);
      return () => {
        process.removeListener('exit', release);
        release();
      };
    }
    const holder = readHolder(path);
    if (holder && isAlive(holder)) throw new DataDirLockedError(resolve(dataDir), holder);
    takeOverStale(path, holder);
  }
  throw new Error(`Could not lock the PGlite data directory ${resolve(dataDir)} (${path} keeps changing)`);
}

function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(path: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return {
      pid: parsed.pid,
      host: parsed.host,
      processStart: typeof parsed.processStart === 'string' ? parsed.processStart : null,
      since: typeof parsed.since === 'string' ? parsed.since : 'unknown',
    };
  } catch {
    // Gone since (its holder released it), or unreadable (half-written by a crash): stale.
    return null;
  }
}

/** A holder on another host cannot be checked, so it counts as alive (a shared network disk). */
function isAlive(holder: Holder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStartOf(holder.pid);
  return holder.processStart === null || start === null || start === holder.processStart;
}

/**
 * Moves the stale file aside rather than deleting it: if another process took it over first and
 * wrote its own, the rename would take that one instead, which the check below puts back.
 */
function takeOverStale(path: string, stale: Holder | null): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readHolder(aside);
  if (moved && stale && moved.pid !== stale.pid && isAlive(moved)) {
    renameSync(aside, path);
    throw new DataDirLockedError(resolve(path, '..'), moved);
  }
  unlinkSync(aside);
}

function releaseIfOurs(path: string, text: string): void {
  try {
    if (readFileSync(path, 'utf8') === text) unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); null off Linux. */
function processStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/* global process */
// Whether dist/ was built from the sources as they are now: a fingerprint of every source file's
// path, size and modification time (a stat per file, a few milliseconds), kept beside the build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUILD_STAMP = 'dist/.build-stamp';
const SOURCE_DIRS = ['src', 'bench', 'scripts'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (/\.(ts|mts|cts|json)$/.test(entry.name)) yield path;
  }
}

export function sourceFingerprint(root = process.cwd()) {
  const hash = createHash('sha256');
  const paths = [...SOURCE_FILES, ...SOURCE_DIRS.flatMap((dir) => [...files(join(root, dir))])];
  for (const path of paths.sort()) {
    const stat = statSync(join(root, path), { throwIfNoEntry: false });
    hash.update(`${path}\0${stat ? `${stat.size}:${stat.mtimeMs}` : 'missing'}\n`);
  }
  return hash.digest('hex');
}

export function buildIsCurrent(root = process.cwd()) {
  const stamp = join(root, BUILD_STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === sourceFingerprint(root);
}

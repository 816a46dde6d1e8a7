/* global process, console */
// `npm run build` (and `npm install`, through `prepare`): compiles with tsc and, only when that
// succeeds, records which sources the build is of, so `npm start` can skip a build that is current.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BUILD_STAMP, sourceFingerprint } from './build-state.mjs';

export function build() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('build failed: tsc -p tsconfig.build.json');
    process.exit(result.status ?? 1);
  }
  writeFileSync(BUILD_STAMP, sourceFingerprint());
}

if (import.meta.url === `file://${process.argv[1]}`) build();

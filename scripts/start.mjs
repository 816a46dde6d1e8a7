/* global console */
// `npm start`: builds only when a source changed since the last build (`npm install` builds
// through `prepare`), then runs the server in this same process.
import { buildIsCurrent } from './build-state.mjs';
import { build } from './build.mjs';

if (!buildIsCurrent()) {
  console.log('Sources changed since the last build: building (tsc)…');
  build();
}
await import('../dist/src/main.js');

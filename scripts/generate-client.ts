/**
 * `npm run client [file]`: writes the typed PlanoCore client (default `client-out/planocore-client.ts`,
 * gitignored) from the route records, as the server declares them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { sessionField } from '../src/auth/session-views.js';
import { renderClient } from '../src/docs/client.js';
import { allRoutes } from '../src/routes.js';

const file = resolve(process.argv[2] ?? 'client-out/planocore-client.ts');
await mkdir(dirname(file), { recursive: true });
await writeFile(file, renderClient(allRoutes, { session: sessionField }));
console.log(`Wrote a client of ${allRoutes.length} routes to ${file}`);

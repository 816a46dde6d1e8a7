/**
 * `npm run docs [dir]`: writes one markdown page per route record (default `docs-out/`). Deployed
 * state is the one declared in code; a running server's operator switches are not read.
 */
import { resolve } from 'node:path';
import { writeMarkdownDocs } from '../src/docs/markdown.js';
import { allRoutes } from '../src/routes.js';

const dir = resolve(process.argv[2] ?? 'docs-out');
const files = await writeMarkdownDocs(allRoutes, dir);
console.log(`Wrote ${files.length - 1} route pages and index.md to ${dir}`);

import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/**
 * Dependencies point one way: the infrastructure folders never import a capability (domain)
 * folder, and each may import only the layers below it. Top-level modules they may use: the
 * clock and config, and, as types only, the AppContext and Database compositions.
 */
const LAYERS: Record<string, readonly string[]> = {
  protocol: ['protocol'],
  db: ['db'],
  http: ['http', 'protocol', 'db'],
  docs: ['docs', 'protocol'],
};
const TOP_LEVEL = ['clock.ts', 'config.ts'];
const TOP_LEVEL_TYPES = ['app-context.ts', 'schema.ts'];

interface Import {
  readonly specifier: string;
  readonly typeOnly: boolean;
}

/** Every module a file imports or re-exports, static or dynamic. */
function importsOf(source: string): Import[] {
  const found: Import[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(statement)) found.push({ specifier: m[3]!, typeOnly: m[2] !== undefined });
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push({ specifier: m[1]!, typeOnly: false });
  }
  return found;
}

/** Why this import breaks the layering, or null. `file` is relative to src/ (posix). */
function violation(file: string, imported: Import): string | null {
  if (!imported.specifier.startsWith('.')) return null; // packages and node: builtins
  const layer = file.split('/')[0]!;
  const allowed = LAYERS[layer];
  if (!allowed) return null;
  const target = posix.normalize(posix.join(posix.dirname(file), imported.specifier)).replace(/\.js$/, '.ts');
  if (target.startsWith('..')) return `${file} imports ${imported.specifier}, outside src/`;
  const [top, ...rest] = target.split('/');
  if (rest.length === 0) {
    if (TOP_LEVEL.includes(top!)) return null;
    if (TOP_LEVEL_TYPES.includes(top!) && imported.typeOnly) return null;
    return `${file} imports src/${target}${TOP_LEVEL_TYPES.includes(top!) ? ' as a value (types only)' : ''}`;
  }
  return allowed.includes(top!) ? null : `${file} (${layer}/) imports ${top}/ (src/${target})`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('dependency direction', () => {
  it('protocol/, db/, http/ and docs/ import no capability folder and no layer above them', () => {
    const files = Object.keys(LAYERS).flatMap((layer) => sourceFiles(join(SRC, layer)));
    expect(files.length).toBeGreaterThan(30);
    const problems = files.flatMap((path) => {
      const file = relative(SRC, path).split(/[\\/]/).join('/');
      return importsOf(readFileSync(path, 'utf8')).flatMap((i) => violation(file, i) ?? []);
    });
    expect(problems).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const check = (file: string, source: string) => importsOf(source).map((i) => violation(file, i));
    expect(check('protocol/route.ts', "import type { AuthState } from '../auth/types.js';")).toEqual([
      'protocol/route.ts (protocol/) imports auth/ (src/auth/types.ts)',
    ]);
    expect(
      check('db/migrations/0003_orders.ts', "import {\n  ORDER_STATUSES,\n} from '../../orders/tables.js';"),
    ).toEqual(['db/migrations/0003_orders.ts (db/) imports orders/ (src/orders/tables.ts)']);
    expect(check('db/x.ts', "const m = await import('../cancelations/service.js');")).toEqual([
      'db/x.ts (db/) imports cancelations/ (src/cancelations/service.ts)',
    ]);
    expect(check('db/x.ts', "export { Database } from '../schema.js';")).toEqual([
      'db/x.ts imports src/schema.ts as a value (types only)',
    ]);
    expect(check('http/x.ts', "import { seedDemoData } from '../demo/seed.js';")).toHaveLength(1);
    expect(check('protocol/x.ts', "import { buildServer } from '../http/server.js';")).toHaveLength(1);
    expect(
      check(
        'http/x.ts',
        "import type { Database } from '../schema.js';\nimport { ApiError } from '../protocol/errors.js';\nimport pg from 'pg';",
      ),
    ).toEqual([null, null, null]);
    expect(check('xso/x.ts', "import { ApiError } from '../auth/tokens.js';")).toEqual([null]);
  });
});

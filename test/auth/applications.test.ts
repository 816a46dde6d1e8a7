import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApplicationToken } from '../../src/auth/applications.js';
import { hashToken } from '../../src/auth/tokens.js';
import { columnsContaining } from '../helpers/database-scan.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { redeem } from '../helpers/xso.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const db = () => server.app.context.db;

describe('issueApplicationToken', () => {
  it('returns a token once and stores only its SHA-256', async () => {
    const token = await issueApplicationToken(db(), 'capture');
    expect(token).toMatch(/^pa_[A-Za-z0-9_-]{43}$/);
    const app = await db()
      .selectFrom('applications')
      .select('token_hash')
      .where('slug', '=', 'capture')
      .executeTakeFirstOrThrow();
    expect(app.token_hash).toBe(hashToken(token));
    expect(await columnsContaining(db(), token)).toEqual([]);
  });

  it('authenticates application routes, and a new token replaces the old one', async () => {
    const old = await issueApplicationToken(db(), 'capture');
    const unknownCode = 'px_' + 'B'.repeat(43);
    // Past authentication: the route looks at the code.
    expect((await redeem(server, old, unknownCode)).body.status).toBe('xso-code-invalid');
    const fresh = await issueApplicationToken(db(), 'capture');
    expect((await redeem(server, old, unknownCode)).body.status).toBe('invalid-token');
    expect((await redeem(server, fresh, unknownCode)).body.status).toBe('xso-code-invalid');
  });

  it('refuses an application that does not exist', async () => {
    await expect(issueApplicationToken(db(), 'nope')).rejects.toThrow(/nope/);
  });
});

describe('scripts/issue-app-token.ts', () => {
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/issue-app-token.ts', ...args], {
      // Always a throwaway embedded database: never a shared PostgreSQL schema.
      env: { ...process.env, DATABASE_URL: '', PGLITE_DATA_DIR: 'memory://' },
    });

  it('prints a new token on stdout and nothing secret elsewhere', async () => {
    const { stdout, stderr } = await run(['capture']);
    expect(stdout.trim()).toMatch(/^pa_[A-Za-z0-9_-]{43}$/);
    expect(stderr).not.toContain(stdout.trim());
  });

  it('exits non-zero without a slug', async () => {
    await expect(run([])).rejects.toMatchObject({ code: 2 });
  });
});

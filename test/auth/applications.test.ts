import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationParam, findApplication, issueApplicationToken } from '../../src/auth/applications.js';
import { hashToken } from '../../src/auth/tokens.js';
import { columnsContaining } from '../helpers/database-scan.js';
import { PASSWORD, signedIn } from '../helpers/auth.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';
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

describe('application lookup by slug', () => {
  it('finds an application with the role it acts as', async () => {
    expect(await findApplication(db(), 'planoorder')).toEqual({
      id: expect.any(Number),
      slug: 'planoorder',
      role: 'employee',
    });
    expect(await findApplication(db(), 'nope')).toBeUndefined();
  });

  it('answers invalid-param naming the param for an unregistered slug', async () => {
    await expect(applicationParam(db(), 'nope', 'canceled_in')).rejects.toMatchObject({
      status: 'invalid-param',
      errors: [{ param: 'canceled_in', message: 'canceled_in nope is not a registered application' }],
    });
  });

  it('is the lookup sign-in and signed-in requests make for their `application`', async () => {
    const liaison = await signedIn(server, 'liaison');
    await db()
      .updateTable('applications')
      .set({ slug: 'planox2-retired' })
      .where('slug', '=', 'planox2')
      .execute();
    try {
      const request = await server.call('GET', '/api/v1/users/show', {
        query: { token: liaison.token, application: 'planox2' },
      });
      const signIn = await server.call('POST', '/api/v1/sessions/create', {
        body: encodeSensitive({
          email: liaison.email,
          password: PASSWORD,
          application: 'planox2',
        }),
        contentType: 'text/plain',
      });
      for (const res of [request, signIn]) {
        expect(res.body.status).toBe('invalid-param');
        expect(res.body.errors).toEqual([
          {
            param: 'application',
            status: 'invalid-param',
            message: 'application planox2 is not a registered application',
          },
        ]);
      }
    } finally {
      await db()
        .updateTable('applications')
        .set({ slug: 'planox2' })
        .where('slug', '=', 'planox2-retired')
        .execute();
    }
  });
});

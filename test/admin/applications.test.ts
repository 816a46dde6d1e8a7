import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { signedIn } from '../helpers/auth.js';
import { encodeSensitive, startTestServer, type TestServer } from '../helpers/server.js';
import { auditOf, signedInAdmin } from './fixtures.js';

let server: TestServer;
let admin: Awaited<ReturnType<typeof signedInAdmin>>;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signedInAdmin(server);
});
afterAll(async () => server?.close());

const list = async () =>
  (await server.call('GET', '/api/v1/applications/list', { query: { token: admin.token } })).body.data
    .applications as {
    id: number;
    slug: string;
    role: string;
    has_token: boolean;
    token_issued_at: string | null;
  }[];
const issue = (id: number, token = admin.token) =>
  server.call('POST', '/api/v1/applications/issue_token', { json: { token, id } });
/** Calls an application-token route with a made-up code: a live token gets past authentication. */
const redeemWith = (token: string) =>
  server.call('POST', '/api/v1/xso/redeem', {
    body: encodeSensitive({ token, code: 'px_not-a-code' }),
    contentType: 'text/plain',
  });

describe('applications', () => {
  it('lists the applications, never a token', async () => {
    const res = await server.call('GET', '/api/v1/applications/list', { query: { token: admin.token } });
    expect(res.body.status).toBe('action-successful');
    const slugs = res.body.data.applications.map((a: { slug: string }) => a.slug);
    expect(slugs).toEqual(expect.arrayContaining(['planoauth', 'planoorder', 'planox2']));
    expect(JSON.stringify(res.body)).not.toMatch(/token_hash|pa_/);
  });

  it('issues a token shown once, stored hashed, replacing the previous one, audited without it', async () => {
    const capture = (await list()).find((a) => a.slug === 'capture') ?? (await list())[0]!;
    server.clock.advance(60_000);
    const first = await issue(capture.id);
    expect(first.body.status).toBe('action-successful');
    const token1: string = first.body.data.token;
    expect(token1).toMatch(/^pa_/);
    expect(first.body.data.application).toMatchObject({ id: capture.id, has_token: true });
    expect(first.body.data.application.token_issued_at).toBe(server.clock.now().toISOString());

    const stored = await server.app.context.db
      .selectFrom('applications')
      .select('token_hash')
      .where('id', '=', capture.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashToken(token1));
    expect((await redeemWith(token1)).body.status).not.toBe('invalid-token');

    const second = await issue(capture.id);
    const token2: string = second.body.data.token;
    expect(token2).not.toBe(token1);
    expect((await redeemWith(token1)).body.status).toBe('invalid-token');
    expect((await redeemWith(token2)).body.status).not.toBe('invalid-token');

    const trail = await auditOf(server, 'application', capture.id);
    expect(trail.map((e) => e.action)).toEqual(['issue_token', 'issue_token']);
    expect(trail[0]).toMatchObject({ actor_user_id: admin.userId, before: { has_token: false } });
    const text = JSON.stringify(trail);
    expect(text).not.toContain(token1);
    expect(text).not.toContain(hashToken(token1));
  });

  it('changes the role an application picks, audited', async () => {
    const planox2 = (await list()).find((a) => a.slug === 'planox2')!;
    expect(planox2.role).toBe('liaison');
    const liaison = await signedIn(server, 'liaison');
    const res = await server.call('POST', '/api/v1/applications/update', {
      json: { token: admin.token, id: planox2.id, role: 'client' },
    });
    expect(res.body.data).toMatchObject({ changed: ['role'], application: { role: 'client' } });
    // The liaison's session now acts as a client, which the liaison is not.
    const now = await server.call('GET', '/api/v1/notifications/list', { query: { token: liaison.token } });
    expect(now.body.status).toBe('role-required');
    const back = await server.call('POST', '/api/v1/applications/update', {
      json: { token: admin.token, id: planox2.id, role: 'liaison' },
    });
    expect(back.body.data.changed).toEqual(['role']);
    const trail = await auditOf(server, 'application', planox2.id);
    expect(trail.map((e) => [e.before, e.after])).toEqual([
      [{ role: 'liaison' }, { role: 'client' }],
      [{ role: 'client' }, { role: 'liaison' }],
    ]);
    const bad = await server.call('POST', '/api/v1/applications/update', {
      json: { token: admin.token, id: planox2.id, role: 'admin' },
    });
    expect(bad.body.status).toBe('invalid-param');
  });
});

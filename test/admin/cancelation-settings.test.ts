import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { auditOf, signedInAdmin } from './fixtures.js';

let server: TestServer;
let admin: Awaited<ReturnType<typeof signedInAdmin>>;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signedInAdmin(server);
});
afterAll(async () => server?.close());

const post = (path: string, json: Record<string, unknown>, token = admin.token) =>
  server.call('POST', `/api/v1/${path}`, { json: { token, ...json } });

describe('cancelation_reasons/create and update', () => {
  it('creates a reason that cancel forms then offer, audited', async () => {
    const res = await post('cancelation_reasons/create', {
      slug: 'listing-sold',
      text: 'The listing sold before the shoot.',
      applicable_types: ['order', 'appointment', 'order'],
    });
    expect(res.body.status).toBe('action-successful');
    const reason = res.body.data.cancelation_reason;
    expect(reason).toMatchObject({
      slug: 'listing-sold',
      applicable_types: ['order', 'appointment'],
      active: true,
    });
    const client = await signedIn(server, 'client');
    const offered = await server.call('GET', '/api/v1/cancelation_reasons/list', {
      query: { token: client.token, cancelable_type: 'appointment' },
    });
    expect(offered.body.data.cancelation_reasons.map((r: { slug: string }) => r.slug)).toContain(
      'listing-sold',
    );
    const trail = await auditOf(server, 'cancelation_reason', reason.id);
    expect(trail).toMatchObject([
      { action: 'create', actor_user_id: admin.userId, before: null, after: { slug: 'listing-sold' } },
    ]);
  });

  it('refuses a taken slug, a malformed slug and an unknown type', async () => {
    const taken = await post('cancelation_reasons/create', {
      slug: 'listing-sold',
      text: 'again',
      applicable_types: ['order'],
    });
    expect(taken.body.status).toBe('invalid-param');
    expect(taken.body.errors[0].param).toBe('slug');
    const malformed = await post('cancelation_reasons/create', {
      slug: 'Listing Sold!',
      text: 'x',
      applicable_types: ['order'],
    });
    expect(malformed.body.errors[0]).toMatchObject({ param: 'slug', status: 'invalid-param' });
    const badType = await post('cancelation_reasons/create', {
      slug: 'other',
      text: 'x',
      applicable_types: ['invoice'],
    });
    expect(badType.body.status).toBe('invalid-param');
    const none = await post('cancelation_reasons/create', { slug: 'other', text: 'x', applicable_types: [] });
    expect(none.body.status).toBe('invalid-param');
  });

  it('retires a reason and changes its text, recording only what changed', async () => {
    const created = await post('cancelation_reasons/create', {
      slug: 'weather',
      text: 'Bad weather.',
      applicable_types: ['appointment'],
    });
    const id = created.body.data.cancelation_reason.id;
    const res = await post('cancelation_reasons/update', { id, active: false, text: 'Bad weather on site.' });
    expect(res.body.data).toMatchObject({
      changed: ['text', 'active'],
      cancelation_reason: { id, active: false, text: 'Bad weather on site.' },
    });
    const same = await post('cancelation_reasons/update', { id, active: false });
    expect(same.body.data.changed).toEqual([]);
    const trail = await auditOf(server, 'cancelation_reason', id);
    expect(trail.map((e) => [e.action, e.before, e.after])).toEqual([
      [
        'create',
        null,
        { slug: 'weather', text: 'Bad weather.', applicable_types: ['appointment'], active: true },
      ],
      ['update', { text: 'Bad weather.', active: true }, { text: 'Bad weather on site.', active: false }],
    ]);
    const clash = await post('cancelation_reasons/update', { id, slug: 'listing-sold' });
    expect(clash.body.errors[0].param).toBe('slug');
  });
});

describe('cancelable_statuses', () => {
  it('lists and replaces the statuses in which clients may cancel, audited', async () => {
    const list = await server.call('GET', '/api/v1/cancelable_statuses/list', {
      query: { token: admin.token },
    });
    expect(list.body.data.cancelable_statuses).toEqual({
      order: ['new_request', 'ordered', 'scheduling'],
      tour: [],
      appointment: [],
      line_item: [],
    });
    const res = await post('cancelable_statuses/update', {
      order: ['ordered', 'new_request'],
      appointment: ['requested'],
    });
    expect(res.body.data).toEqual({
      cancelable_statuses: {
        order: ['new_request', 'ordered'],
        tour: [],
        appointment: ['requested'],
        line_item: [],
      },
      changed: ['order', 'appointment'],
    });
    const trail = await auditOf(server, 'cancelable_statuses', 0);
    expect(trail.map((e) => [e.before, e.after])).toEqual([
      [
        { order: ['new_request', 'ordered', 'scheduling'], appointment: [] },
        { order: ['new_request', 'ordered'], appointment: ['requested'] },
      ],
    ]);
    const wrong = await post('cancelable_statuses/update', { order: ['requested'] });
    expect(wrong.body.status).toBe('invalid-param');
    const restore = await post('cancelable_statuses/update', {
      order: ['new_request', 'ordered', 'scheduling'],
      appointment: [],
    });
    expect(restore.body.data.changed).toEqual(['order', 'appointment']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/auth.js';
import type { CallResult } from '../helpers/server.js';
import { startCancelationWorld, type CancelationWorld, type Signed } from '../cancelations/fixtures.js';

let world: CancelationWorld;
beforeAll(async () => {
  world = await startCancelationWorld();
});
afterAll(async () => world?.server.close());

type Params = Record<string, unknown>;
const create = (token: string, params: Params): Promise<CallResult> =>
  world.server.call('POST', '/api/v1/tours/create', { json: { token, ...params } });
const update = (token: string, params: Params): Promise<CallResult> =>
  world.server.call('PUT', '/api/v1/tours/update', { json: { token, ...params } });
const read = (token: string, id: number, query: Record<string, string> = {}): Promise<CallResult> =>
  world.server.call('GET', '/api/v1/tours/read', { query: { token, id: String(id), ...query } });
const list = (token: string, query: Record<string, string> = {}): Promise<CallResult> =>
  world.server.call('GET', '/api/v1/tours/list', { query: { token, ...query } });

async function tourOf(owner: Signed, params: Params = {}): Promise<number> {
  const res = await create(world.employee.token, {
    client_id: owner.clientId,
    address: '9 Pine St',
    ...params,
  });
  expect(res.body.status).toBe('action-successful');
  return res.body.data.tour.id as number;
}

const FULL = {
  address: '12 Harbor Lane',
  address2: 'Unit 4',
  city: 'Portland',
  province_iso: 'ME',
  postal_code: '04101',
  mls_number: 'ME-1577342',
  bedrooms: '3',
  bathrooms: '2.5',
  sqft: '1850',
  price: '459000',
  hide_sqft: true,
  hide_price: false,
  property_type: 'condo_townhouse',
  map_x: 43.6591,
  map_y: -70.2568,
  property_description: 'Sunny cape.',
  greeting: 'Welcome home!',
};

describe('tours/create', () => {
  it('an employee creates a tour for a client with every field; postal_code keeps its zero; audited', async () => {
    const res = await create(world.employee.token, { client_id: world.client.clientId, ...FULL });
    expect(res.http).toBe(200);
    const tour = res.body.data.tour;
    expect(tour).toMatchObject({ ...FULL, client_id: world.client.clientId, status: 'draft' });
    expect(tour.postal_code).toBe('04101');
    const audit = await world.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'tour')
      .where('entity_id', '=', tour.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'create',
      actor_user_id: world.employee.userId,
      application: 'planoorder',
    });
  });

  it('a client creates their own tour without client_id; another client’s id is refused', async () => {
    const own = await create(world.client.token, { address: '1 Own Way' });
    expect(own.body.data.tour.client_id).toBe(world.client.clientId);
    const other = await create(world.client.token, { client_id: world.otherClient.clientId, address: 'x' });
    expect(other.http).toBe(403);
    expect(other.body.status).toBe('client-access-denied');
    expect(other.body.errors[0].param).toBe('client_id');
  });

  it('employees and liaisons must name the client; liaisons only their own clients', async () => {
    const missing = await create(world.employee.token, { address: 'x' });
    expect(missing.body.status).toBe('missing-param');
    expect(missing.body.errors[0].param).toBe('client_id');
    const linked = await create(world.liaison.token, { client_id: world.client.clientId, address: 'x' });
    expect(linked.body.status).toBe('action-successful');
    const unlinked = await create(world.liaison.token, {
      client_id: world.otherClient.clientId,
      address: 'x',
    });
    expect(unlinked.body.status).toBe('client-access-denied');
  });

  it('validates on the declarations: property_type from its list, decimals, map bounds, address required', async () => {
    const res = await create(world.employee.token, {
      client_id: world.client.clientId,
      property_type: 'castle',
      bathrooms: 'two',
      map_x: 91,
    });
    expect(res.body.status).toBe('missing-param');
    const bad = await create(world.employee.token, {
      client_id: world.client.clientId,
      address: 'x',
      property_type: 'castle',
      bathrooms: 'two',
      map_x: 91,
    });
    expect(bad.http).toBe(400);
    expect(bad.body.errors.map((e: { param: string }) => e.param).sort()).toEqual([
      'bathrooms',
      'map_x',
      'property_type',
    ]);
  });
});

describe('tours/update', () => {
  it('changes only the given fields and records before/after', async () => {
    const id = await tourOf(world.client, { city: 'Portland', price: '100000' });
    world.server.clock.advance(1000);
    const res = await update(world.employee.token, { id, price: '125000', postal_code: '00501' });
    expect(res.http).toBe(200);
    expect(res.body.data.tour).toMatchObject({ id, city: 'Portland', price: '125000', postal_code: '00501' });
    const audit = await world.db
      .selectFrom('audit_events')
      .selectAll()
      .where('entity_type', '=', 'tour')
      .where('entity_id', '=', id)
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ price: '100000', postal_code: null });
    expect(audit[0]!.after).toEqual({ price: '125000', postal_code: '00501' });
  });

  it('a client changes their tour’s marketing fields, not its address; nor another client’s tour', async () => {
    const id = await tourOf(world.client);
    const ok = await update(world.client.token, { id, greeting: 'Hello', hide_price: true });
    expect(ok.body.data.tour).toMatchObject({ greeting: 'Hello', hide_price: true });
    const address = await update(world.client.token, { id, address: 'Elsewhere' });
    expect(address.http).toBe(403);
    expect(address.body.errors[0]).toMatchObject({ param: 'address', status: 'permission-denied' });
    const otherTour = await tourOf(world.otherClient);
    const other = await update(world.client.token, { id: otherTour, greeting: 'x' });
    const missing = await update(world.client.token, { id: 99_999_999, greeting: 'x' });
    expect(other.http).toBe(403);
    expect(missing.http).toBe(403);
    const shape = (r: CallResult) => r.body.errors.map((e: Params) => [e.param, e.status]);
    expect(shape(other)).toEqual([['id', 'permission-denied']]);
    expect(shape(missing)).toEqual(shape(other));
  });

  it('an employee learns that an id does not exist', async () => {
    const res = await update(world.employee.token, { id: 99_999_999, greeting: 'x' });
    expect(res.body.status).toBe('invalid-param');
    expect(res.body.errors[0].param).toBe('id');
  });
});

describe('tours/read and tours/list', () => {
  it('read answers the view asked for', async () => {
    const id = await tourOf(world.client, FULL);
    const full = await read(world.client.token, id);
    expect(full.body.data.tour).toMatchObject(FULL);
    const prefs = await read(world.liaison.token, id, { view: 'planox_tour_preferences' });
    expect(Object.keys(prefs.body.data.tour).sort()).toEqual(
      [
        'id',
        'client_id',
        'status',
        'address',
        'hide_sqft',
        'hide_price',
        'property_description',
        'greeting',
      ].sort(),
    );
    const bad = await read(world.client.token, id, { view: 'nope' });
    expect(bad.body.errors[0].param).toBe('view');
    expect((await read(world.otherClient.token, id)).http).toBe(403);
  });

  it('list pages through the caller’s tours only, newest first, with filters', async () => {
    const owner = await signedIn(world.server, 'client');
    const ids: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push(await tourOf(owner, { mls_number: `L-${owner.clientId}-${i}` }));
      world.server.clock.advance(1000);
    }
    const page1 = await list(owner.token, { per_page: '2' });
    expect(page1.body.data.results.map((t: { id: number }) => t.id)).toEqual([ids[2], ids[1]]);
    expect(page1.body.data.pagination).toEqual({ page: 1, per_page: 2, total: 3, total_pages: 2 });
    const page2 = await list(owner.token, { per_page: '2', page: '2' });
    expect(page2.body.data.results.map((t: { id: number }) => t.id)).toEqual([ids[0]]);
    const byMls = await list(world.employee.token, { mls_number: `L-${owner.clientId}-1` });
    expect(byMls.body.data.results.map((t: { id: number }) => t.id)).toEqual([ids[1]]);
    const liaisonSees = await list(world.liaison.token, { client_id: String(owner.clientId) });
    expect(liaisonSees.body.data.pagination.total).toBe(0);
    const employeeSees = await list(world.employee.token, {
      client_id: String(owner.clientId),
      status: 'draft',
    });
    expect(employeeSees.body.data.pagination.total).toBe(3);
  });
});

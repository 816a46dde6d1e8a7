import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('services/list', () => {
  it('lists the real service slugs with their quantities and exact prices', async () => {
    const res = await server.call('GET', '/api/v1/services/list');
    expect(res.body.status).toBe('action-successful');
    const services = res.body.data.services as { slug: string; options: { quantity: number }[] }[];
    expect(services.map((s) => s.slug)).toEqual([
      'photos',
      'exterior_photos',
      'back_exterior_photos',
      'zillow_3d_and_floor_plans',
      'community_photography',
      'ai_virtual_staging',
    ]);
    const quantities = Object.fromEntries(services.map((s) => [s.slug, s.options.map((o) => o.quantity)]));
    expect(quantities.photos).toEqual([10, 15, 20, 25]);
    expect(quantities.exterior_photos).toEqual([1, 3, 4, 5]);
    const staging = res.body.data.services.find((s: { slug: string }) => s.slug === 'ai_virtual_staging');
    expect(staging.requires_previous_order).toBe(true);
    expect(staging.options).toEqual([{ quantity: 1, price: 24.5 }]);
  });

  it('answers a price changed in the database to the cent, and leaves out inactive services', async () => {
    const db = server.app.context.db;
    await db
      .updateTable('service_options')
      .set({ price_cents: 12_345 })
      .where('quantity', '=', 10)
      .where('service_id', '=', db.selectFrom('services').select('id').where('slug', '=', 'photos'))
      .execute();
    await db
      .updateTable('services')
      .set({ active: false })
      .where('slug', '=', 'community_photography')
      .execute();
    const res = await server.call('GET', '/api/v1/services/list');
    const photos = res.body.data.services.find((s: { slug: string }) => s.slug === 'photos');
    expect(photos.options[0]).toEqual({ quantity: 10, price: 123.45 });
    expect(res.body.data.services.map((s: { slug: string }) => s.slug)).not.toContain(
      'community_photography',
    );
  });
});

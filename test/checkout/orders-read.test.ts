import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { anOrder, sandboxCard, submit } from './fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const read = (token: string, id: number) =>
  server.call('GET', '/api/v1/orders/read', { query: { token, id: String(id) } });

describe('an order submitted by CaptuRE, read back through orders/read', () => {
  it('shows the same line items, appointments and total as the checkout reply; line_items/create raises it exactly', async () => {
    const client = await signedIn(server, 'client');
    const employee = await signedIn(server, 'employee');
    const card = await sandboxCard(server, client.token);
    // 10 % off $268.00 is $26.80, shared over the two lines in proportion: $21.90 + $4.90.
    await server.app.context.db
      .insertInto('promotions')
      .values({ code: 'GLUE10', name: 'Ten off', percent_off: 10 })
      .execute();
    const res = await submit(server, 'pay_and_submit', {
      token: client.token,
      payment_method_id: card,
      promotion_code: 'GLUE10',
      order: anOrder(),
    });
    expect(res.body.status).toBe('action-successful');
    const submitted = res.body.data.order;
    expect(submitted).toMatchObject({ subtotal: 268, discount: 26.8, total: 241.2, total_price: 241.2 });
    expect(res.body.data.payment).toMatchObject({ status: 'captured', amount: 241.2 });
    expect(submitted.line_items).toMatchObject([
      { service_name: 'Photos', quantity: 25, base_price: 219, discount: 21.9, price: 197.1 },
      { service_name: 'Exterior Photos', quantity: 3, base_price: 49, discount: 4.9, price: 44.1 },
    ]);

    const shown = await read(client.token, submitted.id);
    expect(shown.body.status).toBe('action-successful');
    const { subtotal, discount, total, promotion_code, property_access, acting_user_id, ...same } = submitted;
    expect({ subtotal, discount, total, promotion_code, acting_user_id }).toEqual({
      subtotal: 268,
      discount: 26.8,
      total: 241.2,
      promotion_code: 'GLUE10',
      acting_user_id: null,
    });
    expect(property_access).toMatchObject({ method_of_access: 'lockbox_code' });
    expect(shown.body.data.order).toEqual(same);

    const added = await server.call('POST', '/api/v1/line_items/create', {
      json: {
        token: employee.token,
        itemable_type: 'order',
        itemable_id: submitted.id,
        service_name: 'Twilight photo',
        price: '0.10',
      },
    });
    expect(added.body.status).toBe('action-successful');
    const after = await read(client.token, submitted.id);
    expect(after.body.data.order.total_price).toBe(241.3);
    expect(after.body.data.order.line_items).toHaveLength(3);

    const listed = await server.call('GET', '/api/v1/orders/list', {
      query: { token: client.token, client_id: String(client.clientId) },
    });
    expect(listed.body.data.results).toMatchObject([{ id: submitted.id, total_price: 241.3 }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApplicationToken } from '../../src/auth/applications.js';
import { signedIn } from '../helpers/auth.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { CAPTURE_URL, handOff, redeem } from '../helpers/xso.js';
import { anOrder, sandboxCard, submit } from './fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { captureUrl: CAPTURE_URL } });
});
afterAll(async () => server?.close());

describe('a hand-off (XSO) session submitting in CaptuRE', () => {
  it('submits as the client and records the employee as acting_user_id', async () => {
    const employee = await signedIn(server, 'employee');
    const client = await signedIn(server, 'client');
    const appToken = await issueApplicationToken(server.app.context.db, 'capture');
    const redeemed = await redeem(
      server,
      appToken,
      await handOff(server, employee.token, { client_id: client.clientId! }),
    );
    const token = redeemed.body.session.token as string;
    const card = await sandboxCard(server, token);
    const res = await submit(server, 'authorize_and_submit', {
      token,
      payment_method_id: card,
      order: anOrder(),
    });
    expect(res.body.data.order).toMatchObject({
      client_id: client.clientId,
      acting_user_id: employee.userId,
    });
    const submission = await server.app.context.db
      .selectFrom('checkout_submissions')
      .select(['user_id', 'acting_user_id'])
      .where('order_id', '=', res.body.data.order.id)
      .executeTakeFirstOrThrow();
    expect(submission).toEqual({ user_id: client.userId, acting_user_id: employee.userId });
    const audit = await server.app.context.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'acting_user_id'])
      .where('entity_type', '=', 'order')
      .where('entity_id', '=', res.body.data.order.id)
      .execute();
    expect(audit).toEqual([
      { action: 'create', actor_user_id: client.userId, acting_user_id: employee.userId },
    ]);
  });
});

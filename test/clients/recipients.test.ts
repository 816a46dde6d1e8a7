import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientRecipients } from '../../src/clients/recipients.js';
import { makeOrder } from '../cancelations/fixtures.js';
import { signedIn, type TestUser } from '../helpers/auth.js';
import { startEmailTestServer, type EmailTestServer } from '../helpers/email.js';

type Signed = TestUser & { token: string };
let server: EmailTestServer;
let employee: Signed;
let client: Signed;
const db = () => server.database.db;

beforeAll(async () => {
  server = await startEmailTestServer();
  employee = await signedIn(server, 'employee');
  client = await signedIn(server, 'client');
  const company = await db()
    .insertInto('companies')
    .values({ name: 'Front Range Realty', job_completion_email: 'listings@frontrange.example' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db()
    .updateTable('clients')
    .set({ company_id: company.id })
    .where('id', '=', client.clientId!)
    .execute();
  const res = await server.call('POST', '/api/v1/clients/update', {
    json: {
      token: client.token,
      id: client.clientId,
      assistant_emails: `sam@frontrange.example, ${client.email.toUpperCase()}`,
      additional_emails: 'office@frontrange.example, SAM@frontrange.example',
    },
  });
  expect(res.body.status).toBe('action-successful');
});
afterAll(async () => server?.close());

describe('who receives an email about a client’s order', () => {
  it('is the client, copied to their assistants; completion emails also to the additional addresses', async () => {
    expect(await clientRecipients(db(), client.clientId!, 'order')).toEqual({
      to: { email: client.email, firstName: 'Test', lastName: expect.any(String) },
      cc: ['sam@frontrange.example'],
    });
    expect((await clientRecipients(db(), client.clientId!, 'completion')).cc).toEqual([
      'sam@frontrange.example',
      'office@frontrange.example',
      'listings@frontrange.example',
    ]);
  });

  it('copies the cancelation email of an order to the assistants, through the outbox to Mandrill', async () => {
    const orderId = await makeOrder(db(), client.clientId!, 'ordered');
    const res = await server.call('POST', '/api/v1/cancelations/create', {
      json: { token: employee.token, cancelable_type: 'order', cancelable_id: orderId },
    });
    expect(res.body.status).toBe('action-successful');
    const row = await db()
      .selectFrom('email_outbox')
      .select(['id', 'to_email', 'cc_emails'])
      .where('kind', '=', 'cancelation_notice')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ to_email: client.email, cc_emails: ['sam@frontrange.example'] });
    await server.app.emailWorker.runOnce();
    const sent = server.fake.received.find((r) => r.message.metadata.outbox_id === String(row.id))!;
    expect(sent.message.to).toEqual([
      expect.objectContaining({ email: client.email, type: 'to' }),
      { email: 'sam@frontrange.example', type: 'cc' },
    ]);
    expect(sent.message.preserve_recipients).toBe(true);
    const settled = await db()
      .selectFrom('email_outbox')
      .select('status')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(settled.status).toBe('sent');
  });
});

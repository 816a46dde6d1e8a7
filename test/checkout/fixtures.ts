import { sql } from 'kysely';
import type { TestServer } from '../helpers/server.js';
import { createPaymentMethod, SANDBOX_CARD } from '../payments/helpers.js';

let counter = 0;

/** A whole order as CaptuRE submits it: 25 photos ($219) + 3 exterior photos ($49) = $268. */
export function anOrder(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    key: `capture-order-${counter}-${Date.now()}`,
    primary_service: { slug: 'photos', quantity: 25 },
    add_on_services: [{ slug: 'exterior_photos', quantity: 3 }],
    property_info: {
      address: `${counter} Main St`,
      city: 'Denver',
      province_iso: 'CO',
      postal_code: '80202',
    },
    property_access: {
      method_of_access: 'lockbox_code',
      access_code: '4821',
      lockbox_location: 'Front door handle',
      onsite_contact_name: 'Jordan Seller',
      onsite_contact_phone: '303-555-0134',
    },
    appointments: [{ requested_date: '2026-01-09', requested_time: '10:00' }],
    ...overrides,
  };
}

/** A sandbox card for the signed-in client (or, for employees, the named client). */
export async function sandboxCard(
  server: TestServer,
  token: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const res = await createPaymentMethod(server, token, { ...SANDBOX_CARD, ...extra });
  if (res.body.status !== 'action-successful') throw new Error(JSON.stringify(res.body));
  return res.body.data.payment_method.id as number;
}

type SubmitRoute = 'authorize_and_submit' | 'pay_and_submit';

export function submit(server: TestServer, route: SubmitRoute, params: Record<string, unknown>) {
  return server.call('POST', `/api/v1/orders/${route}`, { json: params });
}

/** Submits a fresh `anOrder()` as `token`, paid with the payment method `paymentMethodId`. */
export function submitAnOrder(
  server: TestServer,
  route: SubmitRoute,
  token: string,
  paymentMethodId: number,
) {
  return submit(server, route, { token, payment_method_id: paymentMethodId, order: anOrder() });
}

/**
 * Runs `run` while every insert into payments fails (a trigger), the way a write after the charge
 * could fail: what the submit charged must be voided or refunded, and nothing written.
 */
export async function whilePaymentWritesFail(server: TestServer, run: () => Promise<void>): Promise<void> {
  const db = server.app.context.db;
  await sql`create function checkout_test_fail() returns trigger language plpgsql as
    $$ begin raise exception 'injected failure after the charge'; end $$`.execute(db);
  await sql`create trigger checkout_test_fail before insert on payments
    for each row execute function checkout_test_fail()`.execute(db);
  try {
    await run();
  } finally {
    await sql`drop trigger checkout_test_fail on payments`.execute(db);
    await sql`drop function checkout_test_fail()`.execute(db);
  }
}

/** Rows a submit writes; a failed one must leave every count where it was. */
export async function rowCounts(server: TestServer) {
  const db = server.app.context.db;
  const count = async (
    table:
      | 'orders'
      | 'tours'
      | 'line_items'
      | 'appointments'
      | 'payments'
      | 'checkout_submissions'
      | 'promotion_uses'
      | 'email_outbox'
      | 'audit_events',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    orders: await count('orders'),
    tours: await count('tours'),
    line_items: await count('line_items'),
    appointments: await count('appointments'),
    payments: await count('payments'),
    submissions: await count('checkout_submissions'),
    promotion_uses: await count('promotion_uses'),
    emails: await count('email_outbox'),
    audit_events: await count('audit_events'),
  };
}

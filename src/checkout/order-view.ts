import type { Kysely } from 'kysely';
import { renderMoney } from '../protocol/money.js';
import { field } from '../protocol/reply.js';
import type { Database } from '../schema.js';
import { PAYMENT_PROVIDERS, PAYMENT_STATUSES } from '../payments/tables.js';
import { ORDER_STATUSES } from '../orders/tables.js';

export const checkoutOrderField = field.object({
  id: field.integer({ example: 1042 }),
  client_id: field.integer({ example: 311 }),
  tour_id: field.integer({ nullable: true, example: 88 }),
  address: field.string({ example: '1234 Main St, Denver, CO 80202' }),
  status: field.string({ possibleValues: ORDER_STATUSES, example: 'ordered' }),
  subtotal: field.money({ example: 268 }),
  discount: field.money({ example: 26.8 }),
  total: field.money({ example: 241.2 }),
  promotion_code: field.string({ nullable: true, example: 'WELCOME10' }),
  property_access: field.json({ description: 'The access details as submitted.' }),
  acting_user_id: field.integer({
    nullable: true,
    description: 'Who submitted on the client’s behalf (XSO).',
  }),
  line_items: field.list(
    field.object({
      id: field.integer({ example: 5012 }),
      service_slug: field.string({ example: 'photos' }),
      service_name: field.string({ example: 'Photos' }),
      quantity: field.integer({ example: 25 }),
      price: field.money({ example: 219 }),
      primary: field.boolean({ example: true }),
    }),
  ),
  appointments: field.list(
    field.object({
      id: field.integer({ example: 77 }),
      starts_at: field.datetime({ nullable: true, description: 'null while only requested.' }),
      status: field.string({ example: 'requested' }),
    }),
  ),
  created_at: field.datetime(),
});

export const paymentField = field.object(
  {
    id: field.integer({ example: 9 }),
    status: field.string({ possibleValues: PAYMENT_STATUSES, example: 'authorized' }),
    amount: field.money({ example: 241.2 }),
    refunded: field.money({ example: 0 }),
    provider: field.string({ possibleValues: PAYMENT_PROVIDERS, example: 'stripe' }),
    payment_method_id: field.integer({ example: 17 }),
  },
  { nullable: true, description: 'Null when the total was 0 (nothing to charge).' },
);

/** The order a checkout made, with its priced line items, appointments and payment (five reads). */
export async function checkoutOrderView(db: Kysely<Database>, orderId: number) {
  const [order, submission, lines, appointments, payment] = await Promise.all([
    db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow(),
    db
      .selectFrom('checkout_submissions as s')
      .leftJoin('promotions as p', 'p.id', 's.promotion_id')
      .select([
        's.subtotal_cents',
        's.discount_cents',
        's.total_cents',
        's.property_access',
        's.acting_user_id',
        'p.code',
      ])
      .where('s.order_id', '=', orderId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('line_items as li')
      .innerJoin('line_item_prices as lp', 'lp.line_item_id', 'li.id')
      .innerJoin('services as sv', 'sv.id', 'lp.service_id')
      .select(['li.id', 'sv.slug', 'sv.name', 'lp.quantity', 'lp.price_cents', 'lp.primary'])
      .where('li.order_id', '=', orderId)
      .orderBy('li.id')
      .execute(),
    db
      .selectFrom('appointments')
      .select(['id', 'starts_at', 'status'])
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('id', 'desc')
      .executeTakeFirst(),
  ]);
  return {
    order: {
      id: order.id,
      client_id: order.client_id,
      tour_id: order.tour_id,
      address: order.address,
      status: order.status,
      subtotal: renderMoney(Number(submission.subtotal_cents)),
      discount: renderMoney(Number(submission.discount_cents)),
      total: renderMoney(Number(submission.total_cents)),
      promotion_code: submission.code,
      property_access: submission.property_access,
      acting_user_id: submission.acting_user_id,
      line_items: lines.map((l) => ({
        id: l.id,
        service_slug: l.slug,
        service_name: l.name,
        quantity: l.quantity,
        price: renderMoney(Number(l.price_cents)),
        primary: l.primary,
      })),
      appointments: appointments.map((a) => ({
        id: a.id,
        starts_at: a.starts_at?.toISOString() ?? null,
        status: a.status,
      })),
      created_at: order.created_at.toISOString(),
    },
    payment: payment
      ? {
          id: payment.id,
          status: payment.status,
          amount: renderMoney(Number(payment.amount_cents)),
          refunded: renderMoney(Number(payment.refunded_cents)),
          provider: payment.provider,
          payment_method_id: payment.payment_method_id,
        }
      : null,
  };
}

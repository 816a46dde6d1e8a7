import type { Kysely } from 'kysely';
import { renderMoney } from '../protocol/money.js';
import { field } from '../protocol/reply.js';
import type { Database } from '../schema.js';
import { PAYMENT_PROVIDERS, PAYMENT_STATUSES } from '../payments/tables.js';
import { findOrder, orderReadFields, orderView } from '../orders/order-view.js';

/**
 * The order a checkout made: the order exactly as `orders/read` shows it (its line items carry the
 * catalogue prices, their discount share and net price; `total_price` is their sum), plus what only
 * the submit knows: the subtotal, discount and total charged, the promotion, the access details and
 * who submitted on the client's behalf. `total` always equals `total_price`.
 */
export const checkoutOrderField = field.object({
  ...orderReadFields,
  subtotal: field.money({ example: 268, description: 'The catalogue prices of the services, summed.' }),
  discount: field.money({ example: 26.8, description: 'What the promotion took off.' }),
  total: field.money({
    example: 241.2,
    description: 'What was charged: subtotal − discount (= total_price).',
  }),
  promotion_code: field.string({ nullable: true, example: 'WELCOME10' }),
  property_access: field.json({ description: 'The access details as submitted.' }),
  acting_user_id: field.integer({
    nullable: true,
    description: 'Who submitted on the client’s behalf (XSO).',
  }),
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

/** The order a checkout made (orders/read's view), its submission's amounts and its payment. */
export async function checkoutOrderView(db: Kysely<Database>, orderId: number, officeTimeZone: string) {
  const [order, submission, payment] = await Promise.all([
    findOrder(db, orderId),
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
      .selectFrom('payments')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('id', 'desc')
      .executeTakeFirst(),
  ]);
  if (!order) throw new Error(`order ${orderId} of a completed submit is missing`);
  return {
    order: {
      ...(await orderView(db, order, officeTimeZone)),
      subtotal: renderMoney(Number(submission.subtotal_cents)),
      discount: renderMoney(Number(submission.discount_cents)),
      total: renderMoney(Number(submission.total_cents)),
      promotion_code: submission.code,
      property_access: submission.property_access,
      acting_user_id: submission.acting_user_id,
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

import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import type { StatusSlug } from '../protocol/statuses.js';
import { checkoutOrderField, paymentField } from './order-view.js';
import { payParams, submitParams } from './submit-params.js';
import { submitOrder } from './submit.js';

const ROLES = ['client', 'employee', 'liaison'] as const;

const STATUSES: StatusSlug[] = [
  'invalid-promotion',
  'promotion-expended',
  'declined-payment',
  'card-number-invalid',
  'duplicate-payment',
  'client-access-denied',
  'role-required',
  'payments-unavailable',
];

const reply = field.object({
  order: checkoutOrderField,
  payment: paymentField,
  replayed: field.boolean({
    example: false,
    description: 'true when this submit was made before (same key): the first order, charged once.',
  }),
});

const WHO =
  'A client submits for themselves; employees and liaisons for a client they may act for (`order.client.id`); a hand-off (XSO) session submits as the client, recording `acting_user_id`.';
const WHAT =
  'Validates the whole `order` (services and quantities from services/list, `property_access.method_of_access` — lockbox_code needs `access_code` and `lockbox_location` —, the onsite contact, requested appointments in the future), applies `promotion_code`, then creates the tour if the property is new, the order (`ordered`), its line items priced from the catalogue, the requested appointments and the confirmation email (client and `order.client.assistant_emails`): all or nothing, a declined or failed payment leaves no order. A retry with the same `order.key` (or the same request within 10 minutes) returns the first order and charges nothing again.';

export const authorizeAndSubmit = defineRoute({
  method: 'POST',
  path: '/api/v1/orders/authorize_and_submit',
  title: 'Authorize and Submit Order',
  purpose: `Authorize payment, then submit an order: the total is held on the card (captured when the order is delivered). ${WHAT} ${WHO}`,
  service: 'orders',
  bodyContentType: 'application/json',
  auth: { kind: 'roles', roles: ROLES },
  params: submitParams,
  statuses: STATUSES,
  reply,
  handler: async (input, ctx) => submitOrder(ctx, ctx.auth, input, 'authorize'),
});

export const payAndSubmit = defineRoute({
  method: 'POST',
  path: '/api/v1/orders/pay_and_submit',
  title: 'Pay and Submit Order',
  purpose: `Pay for and complete an order request: the total is charged at once. ${WHAT} ${WHO}`,
  service: 'orders',
  bodyContentType: 'application/json',
  auth: { kind: 'roles', roles: ROLES },
  params: payParams,
  statuses: STATUSES,
  reply,
  handler: async (input, ctx) => submitOrder(ctx, ctx.auth, input, 'pay'),
});

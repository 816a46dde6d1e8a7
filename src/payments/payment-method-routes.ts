import { visibleRecord } from '../access/visibility.js';
import { scopeToCaller } from '../access/scope.js';
import { commonParams } from '../auth/params.js';
import { param } from '../protocol/params.js';
import { field } from '../protocol/reply.js';
import { defineRoute } from '../protocol/route.js';
import { ApiError } from '../protocol/errors.js';
import { actingClient } from './acting-client.js';
import { customerOf } from './customers.js';
import type { PaymentMethodSource } from './provider.js';
import { paymentMethodField, paymentMethodView } from './records.js';

const ROLES = ['client', 'employee', 'liaison'] as const;

const clientIdParam = param.integer({
  position: 400,
  min: 1,
  example: 311,
  description:
    'The client whose card it is; a client may leave it out (themselves). Employees and liaisons name it.',
});

export const createPaymentMethod = defineRoute({
  method: 'POST',
  path: '/api/v1/payment_methods/create',
  title: 'Create Payment Method',
  purpose:
    'Keeps a card for a client’s orders. Only the payment provider ever holds the card number: with Stripe, send the payment method id its browser SDK (Stripe.js) made; with the built-in sandbox (no STRIPE_SECRET_KEY, never in production) send the test card’s number, expiry and cvc (4242424242424242 succeeds, 4000000000000002 is declined when charged, a number failing its check digit is card-number-invalid). We keep the provider’s id, brand, last four digits and expiry. **Sensitive params** (base64 body).',
  service: 'payment_methods',
  sensitiveParams: true,
  auth: { kind: 'roles', roles: ROLES },
  params: {
    ...commonParams,
    client_id: clientIdParam,
    provider_payment_method_id: param.string({
      position: 500,
      minLength: 1,
      maxLength: 255,
      example: 'pm_1QfJ2xLkdIwHu7ixY3tq3hXb',
      description: 'Stripe: the PaymentMethod id Stripe.js created in the browser.',
    }),
    card_number: param.string({
      position: 600,
      minLength: 12,
      maxLength: 23,
      requires: ['exp_month', 'exp_year', 'cvc'],
      example: '4242424242424242',
      description: 'Sandbox only: the test card’s number (spaces and dashes allowed). Never stored.',
    }),
    exp_month: param.integer({
      position: 700,
      min: 1,
      max: 12,
      example: 12,
      description: 'Sandbox only: expiry month.',
    }),
    exp_year: param.integer({
      position: 800,
      min: 2000,
      max: 2200,
      example: 2030,
      description: 'Sandbox only: expiry year (four digits).',
    }),
    cvc: param.string({
      position: 900,
      minLength: 3,
      maxLength: 4,
      example: '123',
      description: 'Sandbox only: the card’s security code. Never stored.',
    }),
  },
  statuses: ['card-number-invalid', 'client-access-denied', 'role-required', 'payments-unavailable'],
  reply: field.object({ payment_method: paymentMethodField }),
  handler: async (input, ctx) => {
    const client = await actingClient(ctx.db, ctx.auth, input.client_id, 'client_id');
    const source: PaymentMethodSource | undefined =
      input.card_number !== undefined
        ? {
            kind: 'card',
            card: {
              number: input.card_number,
              expMonth: input.exp_month!,
              expYear: input.exp_year!,
              cvc: input.cvc!,
            },
          }
        : input.provider_payment_method_id !== undefined
          ? { kind: 'provider-id', id: input.provider_payment_method_id }
          : undefined;
    if (!source) {
      throw missingSource(ctx.payments.name);
    }
    const customerId = await customerOf(ctx.db, ctx.payments, client);
    const { providerId, card } = await ctx.payments.paymentMethod(source, customerId);
    const row = await ctx.db
      .insertInto('payment_methods')
      .values({
        client_id: client.id,
        provider: ctx.payments.name,
        provider_id: providerId,
        brand: card.brand,
        last4: card.last4,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        created_by_user_id: ctx.auth.userId,
        provider_customer_id: customerId,
      })
      .onConflict((oc) =>
        oc
          .columns(['provider', 'provider_id'])
          .doUpdateSet({ deleted_at: null })
          .where('payment_methods.client_id', '=', client.id),
      )
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      throw ApiError.invalidParam(
        'provider_payment_method_id',
        'this payment method belongs to another client',
      );
    }
    return { payment_method: paymentMethodView(row) };
  },
});

function missingSource(provider: string) {
  const name = provider === 'sandbox' ? 'card_number' : 'provider_payment_method_id';
  return ApiError.missingParam(name, `${name} is required (the ${provider} provider takes it)`);
}

export const listPaymentMethods = defineRoute({
  method: 'GET',
  path: '/api/v1/payment_methods/list',
  title: 'List Payment Methods',
  purpose:
    'The cards kept for a client (brand, last four digits, expiry), newest first. Clients see their own; liaisons their clients’; employees any client’s.',
  service: 'payment_methods',
  auth: { kind: 'roles', roles: ROLES },
  params: { ...commonParams, client_id: clientIdParam },
  statuses: ['client-access-denied', 'role-required'],
  reply: field.object({ payment_methods: field.list(paymentMethodField) }),
  handler: async (input, ctx) => {
    const query = ctx.db.selectFrom('payment_methods').selectAll().where('deleted_at', 'is', null);
    const rows = await (
      input.client_id !== undefined || ctx.auth.kind === 'client'
        ? query.where(
            'client_id',
            '=',
            (await actingClient(ctx.db, ctx.auth, input.client_id, 'client_id')).id,
          )
        : scopeToCaller(query, ctx.auth, 'client_id')
    )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return { payment_methods: rows.map(paymentMethodView) };
  },
});

export const destroyPaymentMethod = defineRoute({
  method: 'POST',
  path: '/api/v1/payment_methods/destroy',
  title: 'Destroy Payment Method',
  purpose:
    'Removes a kept card: it is no longer listed or usable for new orders (payments already made with it stay on record).',
  service: 'payment_methods',
  auth: { kind: 'roles', roles: ROLES },
  params: {
    ...commonParams,
    id: param.integer({
      position: 400,
      required: true,
      min: 1,
      example: 17,
      description: 'Id of the payment method.',
    }),
  },
  statuses: ['permission-denied', 'role-required'],
  reply: field.object({ payment_method: paymentMethodField }),
  handler: async (input, ctx) => {
    const found = await ctx.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('id', '=', input.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    const method = await visibleRecord(ctx.db, ctx.auth, found, (m) => m.client_id, {
      param: 'id',
      label: `payment method ${input.id}`,
      status: 'permission-denied',
    });
    if (method.provider === ctx.payments.name) await ctx.payments.detach(method.provider_id);
    const row = await ctx.db
      .updateTable('payment_methods')
      .set({ deleted_at: ctx.clock.now() })
      .where('id', '=', method.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { payment_method: paymentMethodView(row) };
  },
});

export const paymentMethodRoutes = [createPaymentMethod, listPaymentMethods, destroyPaymentMethod];

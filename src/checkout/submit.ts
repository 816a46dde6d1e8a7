import { createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import { insertAppointment } from '../appointments/service.js';
import type { Clock } from '../clock.js';
import type { AppointmentConfig } from '../config.js';
import { insertLineItem } from '../line-items/service.js';
import { recordChange } from '../audit/trail.js';
import { appendStage } from '../order-stages/service.js';
import { actingClient } from '../payments/acting-client.js';
import type { Charge, PaymentProvider } from '../payments/provider.js';
import type { RoleAuth } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import type { Database } from '../schema.js';
import { loadCatalogue } from './catalogue.js';
import { queueOrderConfirmation } from './confirmation.js';
import { decideCheckout, type CheckoutDecision, type SubmitInput } from './decision.js';
import { checkoutOrderView } from './order-view.js';
import type { SubmitMode } from './tables.js';

/** Without an `order.key`, the same request within this long is a retry of the first. */
export const RETRY_WINDOW_MS = 10 * 60_000;
/** A submit still pending after this long was abandoned (its process died): a retry takes over. */
const ABANDONED_AFTER_MS = 2 * 60_000;
/** How long a retry waits for a concurrent first submit with its key to finish. */
const WAIT_FOR_FIRST_MS = 60_000;

export interface SubmitDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly payments: PaymentProvider;
  readonly log: FastifyBaseLogger;
  readonly config: { readonly appointments: Pick<AppointmentConfig, 'officeTimeZone'> };
}

export type SubmitResult = Awaited<ReturnType<typeof checkoutOrderView>> & { replayed: boolean };

/** Params that choose the shape of the reply, not the order: left out of the fingerprint. */
const PRESENTATION = new Set(['token', 'application', 'session_view', 'view', 'application_view']);

/** Hash of the caller, the mode and every param that makes the order, independent of key order. */
export function submitFingerprint(userId: number, mode: SubmitMode, input: Record<string, unknown>): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
          )
        : value;
  const given = Object.fromEntries(
    Object.entries(input).filter(([k, v]) => !PRESENTATION.has(k) && v !== undefined),
  );
  return createHash('sha256')
    .update(JSON.stringify([userId, mode, canonical(given)]))
    .digest('hex');
}

/**
 * Submits an order: validates and prices it (decideCheckout), claims its key, charges
 * (authorize: manual capture; pay: captured at once) with an idempotency key of this submit, then
 * writes the order, line items, requested appointments, promotion use, payment and confirmation
 * emails in one transaction. A failure after the charge voids or refunds it, and leaves nothing.
 * A retry with the same key (or the same request within RETRY_WINDOW_MS) gets the first order;
 * concurrent ones wait for it.
 */
export async function submitOrder(
  deps: SubmitDeps,
  caller: RoleAuth,
  input: SubmitInput,
  mode: SubmitMode,
): Promise<SubmitResult> {
  const { db, clock } = deps;
  const client = await actingClient(db, caller, input.order.client?.id, 'order.client.id');
  const fingerprint = submitFingerprint(caller.userId, mode, input);
  const key = input.order.key ?? `auto:${fingerprint}`;
  const waitUntil = Date.now() + WAIT_FOR_FIRST_MS;
  let prepared: Prepared | undefined;
  for (;;) {
    const existing = await db
      .selectFrom('checkout_submissions')
      .select(['id', 'fingerprint', 'status', 'order_id', 'created_at'])
      .where('client_id', '=', client.id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (existing) {
      const now = clock.now().getTime();
      if (existing.fingerprint !== fingerprint) {
        throw new ApiError(
          'duplicate-payment',
          'This order key was already used with other params: nothing was charged again.',
          [
            {
              param: 'order.key',
              status: 'duplicate-payment',
              message: 'order.key was used for another submit',
            },
          ],
        );
      }
      if (existing.status === 'completed' && existing.order_id !== null) {
        if (input.order.key === undefined && existing.created_at.getTime() < now - RETRY_WINDOW_MS) {
          await db
            .updateTable('checkout_submissions')
            .set({ key: `${key}:${existing.id}` })
            .where('id', '=', existing.id)
            .execute();
          continue;
        }
        return {
          ...(await checkoutOrderView(db, existing.order_id, deps.config.appointments.officeTimeZone)),
          replayed: true,
        };
      }
      if (existing.created_at.getTime() < now - ABANDONED_AFTER_MS) {
        await db
          .deleteFrom('checkout_submissions')
          .where('id', '=', existing.id)
          .where('status', '=', 'pending')
          .execute();
        continue;
      }
      if (Date.now() > waitUntil) throw new Error(`submit ${existing.id} is still pending`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    prepared ??= await prepare(deps, client, input);
    const claimed = await db
      .insertInto('checkout_submissions')
      .values({
        client_id: client.id,
        key,
        fingerprint,
        mode,
        status: 'pending',
        user_id: caller.userId,
        acting_user_id: caller.actingUserId,
        promotion_id: prepared.decision.promotion?.id ?? null,
        subtotal_cents: prepared.decision.subtotalCents,
        discount_cents: prepared.decision.discountCents,
        total_cents: prepared.decision.totalCents,
        property_access: JSON.stringify(input.order.property_access),
        property_info: JSON.stringify(input.order.property_info),
        created_at: clock.now(),
      })
      .onConflict((oc) => oc.columns(['client_id', 'key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!claimed) continue; // a concurrent submit claimed the key first: wait for it above
    const orderId = await complete(deps, caller, prepared, claimed.id, mode, input);
    return {
      ...(await checkoutOrderView(db, orderId, deps.config.appointments.officeTimeZone)),
      replayed: false,
    };
  }
}

interface Prepared {
  readonly client: { id: number; user_id: number; email: string; first_name: string };
  readonly decision: CheckoutDecision;
  readonly paymentMethod: { id: number; provider_id: string; provider_customer_id: string | null } | null;
  readonly tour: { id: number; address: string } | null;
}

/** Reads what the decision needs, runs it, and checks the payment method and tour named. */
async function prepare(
  deps: SubmitDeps,
  acting: { id: number; user_id: number },
  input: SubmitInput,
): Promise<Prepared> {
  const { db } = deps;
  const { order } = input;
  const previous = [order.primary_service, ...(order.add_on_services ?? [])]
    .map((s) => s.previous_order_id)
    .filter((id): id is number => id !== undefined);
  const code = input.promotion_code?.trim().toUpperCase();
  const [catalogue, client, promotion, clientOrders, company] = await Promise.all([
    loadCatalogue(db),
    db
      .selectFrom('users')
      .select(['email', 'first_name'])
      .where('id', '=', acting.user_id)
      .executeTakeFirstOrThrow(),
    code === undefined
      ? undefined
      : db.selectFrom('promotions').selectAll().where('code', '=', code).executeTakeFirst(),
    previous.length === 0
      ? []
      : db
          .selectFrom('orders')
          .select('id')
          .where('client_id', '=', acting.id)
          .where('id', 'in', previous)
          .execute(),
    db
      .selectFrom('clients as c')
      .leftJoin('companies as co', 'co.id', 'c.company_id')
      .select('co.designation_id')
      .where('c.id', '=', acting.id)
      .executeTakeFirst(),
  ]);
  const used =
    promotion === undefined
      ? undefined
      : await db
          .selectFrom('promotion_uses')
          .select('order_id')
          .where('promotion_id', '=', promotion.id)
          .where('user_id', '=', acting.user_id)
          .executeTakeFirst();
  const decision = decideCheckout(input, {
    catalogue,
    promotion: promotion && {
      id: promotion.id,
      code: promotion.code,
      percentOff: promotion.percent_off,
      amountOffCents: promotion.amount_off_cents === null ? null : Number(promotion.amount_off_cents),
      startsAt: promotion.starts_at,
      endsAt: promotion.ends_at,
      designationId: promotion.designation_id,
      oncePerUser: promotion.once_per_user,
      active: promotion.active,
    },
    promotionUsed: used !== undefined,
    clientDesignationId: company?.designation_id ?? null,
    clientOrderIds: new Set(clientOrders.map((o) => o.id)),
    now: deps.clock.now(),
  });

  let paymentMethod: Prepared['paymentMethod'] = null;
  if (input.payment_method_id !== undefined) {
    const found = await db
      .selectFrom('payment_methods')
      .select(['id', 'provider_id', 'provider', 'provider_customer_id'])
      .where('id', '=', input.payment_method_id)
      .where('client_id', '=', acting.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!found || found.provider !== deps.payments.name) {
      throw ApiError.invalidParam(
        'payment_method_id',
        `payment_method_id ${input.payment_method_id} is not a payment method of client ${acting.id}`,
      );
    }
    paymentMethod = found;
  } else if (decision.totalCents > 0) {
    throw ApiError.missingParam(
      'payment_method_id',
      'payment_method_id is required: the order costs something',
    );
  }

  let tour: Prepared['tour'] = null;
  if (order.property_info.tour_id !== undefined) {
    const found = await db
      .selectFrom('tours')
      .select(['id', 'address'])
      .where('id', '=', order.property_info.tour_id)
      .where('client_id', '=', acting.id)
      .executeTakeFirst();
    if (!found) {
      throw ApiError.invalidParam(
        'order.property_info.tour_id',
        `order.property_info.tour_id is not a tour of client ${acting.id}`,
      );
    }
    tour = found;
  }
  return { client: { ...acting, ...client }, decision, paymentMethod, tour };
}

/** Charges, then writes the order in one transaction; undoes the charge when anything after it fails. */
async function complete(
  deps: SubmitDeps,
  caller: RoleAuth,
  prepared: Prepared,
  submissionId: number,
  mode: SubmitMode,
  input: SubmitInput,
): Promise<number> {
  const { db, clock, payments } = deps;
  const { decision, client } = prepared;
  const idempotencyKey = `planocore-submit-${submissionId}`;
  let charge: Charge | null = null;
  try {
    if (prepared.paymentMethod && decision.totalCents > 0) {
      charge = await payments.charge({
        paymentMethodId: prepared.paymentMethod.provider_id,
        customerId: prepared.paymentMethod.provider_customer_id,
        amountCents: decision.totalCents,
        capture: mode === 'authorize' ? 'manual' : 'automatic',
        idempotencyKey,
        description: `PlanoCore order submit ${submissionId} (client ${client.id})`,
      });
    }
    const settled = charge;
    return await db.transaction().execute(async (trx) => {
      const now = clock.now();
      const info = input.order.property_info;
      const address =
        prepared.tour?.address ??
        [
          info.address,
          info.address2,
          info.city,
          [info.province_iso, info.postal_code].filter(Boolean).join(' '),
        ]
          .filter((part) => part !== undefined && part !== '')
          .join(', ');
      const tourId =
        prepared.tour?.id ??
        (
          await trx
            .insertInto('tours')
            .values({ client_id: client.id, address, status: 'draft', created_at: now, updated_at: now })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const order = await trx
        .insertInto('orders')
        .values({
          client_id: client.id,
          tour_id: tourId,
          address,
          status: 'ordered',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const actorCtx = { now, actor: caller, officeTimeZone: deps.config.appointments.officeTimeZone };
      for (const line of decision.lines) {
        const priceCents = line.priceCents - line.discountCents;
        await insertLineItem(trx, actorCtx, {
          order_id: order.id,
          description: `${line.service.name} (${line.quantity})`,
          service_id: line.service.id,
          service_name: line.service.name,
          service_description: line.service.description,
          service_type_primary: line.primary,
          quantity: line.quantity,
          price: priceCents,
          base_price: line.priceCents,
          discount: line.discountCents,
          net_price: priceCents,
          previous_order_id: line.previousOrderId,
        });
      }
      for (const [i, startsAt] of decision.appointmentStarts.entries()) {
        const requested = input.order.appointments[i]!;
        await insertAppointment(trx, actorCtx, {
          order_id: order.id,
          starts_at: startsAt,
          status: 'requested',
          requested_date: requested.requested_date,
          requested_time: requested.requested_time,
        });
      }
      if (decision.promotion) {
        const use = await trx
          .insertInto('promotion_uses')
          .values({
            promotion_id: decision.promotion.id,
            user_id: client.user_id,
            order_id: order.id,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['promotion_id', 'user_id']).doNothing())
          .returning('order_id')
          .executeTakeFirst();
        if (!use && decision.promotion.oncePerUser) {
          throw new ApiError(
            'promotion-expended',
            `Promotion ${decision.promotion.code}: already used by this user.`,
            [{ param: 'promotion_code', status: 'promotion-expended', message: 'already used by this user' }],
          );
        }
      }
      if (settled && prepared.paymentMethod) {
        await trx
          .insertInto('payments')
          .values({
            order_id: order.id,
            payment_method_id: prepared.paymentMethod.id,
            provider: payments.name,
            provider_intent_id: settled.intentId,
            status: settled.status,
            amount_cents: decision.totalCents,
            created_at: now,
            updated_at: now,
          })
          .execute();
      }
      await appendStage(
        trx,
        { db, now, actor: caller },
        order.id,
        { stage: 'ordered', update_status: true, before: 'ordered', after: 'ordered' },
        { stage_trigger: mode === 'authorize' ? 'orders/authorize_and_submit' : 'orders/pay_and_submit' },
      );
      await recordChange(trx, caller, {
        entityType: 'order',
        entityId: order.id,
        action: 'create',
        before: null,
        after: {
          client_id: client.id,
          tour_id: tourId,
          address,
          status: 'ordered',
          total_cents: decision.totalCents,
        },
        at: now,
      });
      await queueOrderConfirmation(trx, {
        orderId: order.id,
        clientId: client.id,
        address,
        totalCents: decision.totalCents,
        services: decision.lines.map((l) => `${l.service.name} (${l.quantity})`),
        extraCc: input.order.client?.assistant_emails ?? [],
        now,
      });
      await trx
        .updateTable('checkout_submissions')
        .set({ status: 'completed', order_id: order.id, completed_at: now })
        .where('id', '=', submissionId)
        .execute();
      return order.id;
    });
  } catch (err) {
    if (charge) await undoCharge(deps, charge, decision.totalCents, idempotencyKey);
    await db
      .deleteFrom('checkout_submissions')
      .where('id', '=', submissionId)
      .where('status', '=', 'pending')
      .execute();
    throw err;
  }
}

/** Voids an authorization, or refunds a capture, of a submit that did not complete. */
async function undoCharge(deps: SubmitDeps, charge: Charge, amountCents: number, key: string): Promise<void> {
  try {
    if (charge.status === 'authorized') await deps.payments.cancel(charge.intentId, `${key}:cancel`);
    else await deps.payments.refund(charge.intentId, amountCents, `${key}:refund`);
  } catch (err) {
    deps.log.error(
      { err, intent: charge.intentId },
      'checkout: could not undo the charge of a failed submit',
    );
  }
}

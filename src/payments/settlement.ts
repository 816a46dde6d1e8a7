import type { FastifyBaseLogger } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { FEE_SOURCE } from '../cancelations/cascade.js';
import type { Clock } from '../clock.js';
import type { Cents } from '../protocol/money.js';
import type { Database } from '../schema.js';
import type { PaymentProvider } from './provider.js';
import type { PaymentStatus } from './tables.js';

export type Settlement =
  | { readonly kind: 'capture'; readonly amountCents: Cents }
  | { readonly kind: 'void' }
  | { readonly kind: 'refund'; readonly amountCents: Cents };

export interface SettlementFacts {
  readonly payment: {
    readonly status: PaymentStatus;
    readonly amountCents: Cents;
    readonly refundedCents: Cents;
  };
  readonly orderStatus: string;
  /**
   * The cancelation fees standing on the order: the help center's same-day (within 24 h) and
   * on-site (within 2 h) fees, which the cancel itself adds as line items (src/cancelations/cascade.ts).
   */
  readonly feeCents: Cents;
}

/**
 * What to do with an order's payment now (pure): capture an authorization when the order is
 * delivered; when it is canceled, void the authorization (or capture only the fee), or refund a
 * capture minus the fee (refunds take 3–5 business days at the bank). Null: nothing to do.
 */
export function settlementFor(f: SettlementFacts): Settlement | null {
  const { payment } = f;
  if (f.orderStatus === 'delivered' || f.orderStatus === 'completed') {
    return payment.status === 'authorized' ? { kind: 'capture', amountCents: payment.amountCents } : null;
  }
  if (f.orderStatus !== 'canceled') return null;
  const fee = Math.min(f.feeCents, payment.amountCents);
  if (payment.status === 'authorized')
    return fee > 0 ? { kind: 'capture', amountCents: fee } : { kind: 'void' };
  if (payment.status === 'captured') {
    const refund = payment.amountCents - payment.refundedCents - fee;
    return refund > 0 ? { kind: 'refund', amountCents: refund } : null;
  }
  return null;
}

export interface SettlementDeps {
  readonly db: Kysely<Database>;
  readonly payments: PaymentProvider;
  readonly clock: Clock;
  readonly log: FastifyBaseLogger;
}

/**
 * Settles the payments whose orders were delivered or canceled since: one provider call per
 * payment (idempotency key per payment and action), then the payment's row. Returns how many
 * were settled.
 */
export async function settlePayments(deps: SettlementDeps, limit = 100): Promise<number> {
  const { db } = deps;
  const due = await db
    .selectFrom('payments as p')
    .innerJoin('orders as o', 'o.id', 'p.order_id')
    .select([
      'p.id',
      'p.order_id',
      'p.status',
      'p.amount_cents',
      'p.refunded_cents',
      'p.provider_intent_id',
      'o.status as order_status',
    ])
    .where((eb) =>
      eb.or([
        eb.and([
          eb('p.status', '=', 'authorized'),
          eb('o.status', 'in', ['delivered', 'completed', 'canceled']),
        ]),
        eb.and([eb('p.status', '=', 'captured'), eb('o.status', '=', 'canceled')]),
      ]),
    )
    .where('p.provider', '=', deps.payments.name)
    .orderBy('p.id')
    .limit(limit)
    .execute();
  let settled = 0;
  for (const row of due) {
    const fees = await db
      .selectFrom('line_items')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('price'), eb.lit(0)).as('cents'))
      .where('order_id', '=', row.order_id)
      .where('sourceable_type', '=', FEE_SOURCE)
      .where('status', '<>', 'canceled')
      .executeTakeFirstOrThrow();
    const action = settlementFor({
      payment: {
        status: row.status,
        amountCents: Number(row.amount_cents),
        refundedCents: Number(row.refunded_cents),
      },
      orderStatus: row.order_status,
      feeCents: Number(fees.cents),
    });
    if (!action) continue;
    try {
      // The provider call is idempotent per payment and action (its key), so two instances
      // settling at once make one capture, void or refund; the row changes only from the status read.
      const key = `planocore-settle-${row.id}-${action.kind}`;
      const now = deps.clock.now();
      const update = db.updateTable('payments').where('id', '=', row.id).where('status', '=', row.status);
      if (action.kind === 'void') {
        await deps.payments.cancel(row.provider_intent_id, key);
        await update.set({ status: 'canceled', updated_at: now }).execute();
      } else if (action.kind === 'capture') {
        const partial = action.amountCents !== Number(row.amount_cents);
        await deps.payments.capture(row.provider_intent_id, key, partial ? action.amountCents : undefined);
        await update.set({ status: 'captured', amount_cents: action.amountCents, updated_at: now }).execute();
      } else {
        await deps.payments.refund(row.provider_intent_id, action.amountCents, key);
        const whole = action.amountCents + Number(row.refunded_cents) === Number(row.amount_cents);
        await update
          .set({
            refunded_cents: sql<number>`refunded_cents + ${action.amountCents}`,
            status: whole ? 'refunded' : 'partially_refunded',
            updated_at: now,
          })
          .execute();
      }
      settled += 1;
    } catch (err) {
      deps.log.error({ err, payment_id: row.id }, 'payments: settling failed; tried again next round');
    }
  }
  return settled;
}

/** Runs `settlePayments` every interval in the server process (`npm start`). */
export class SettlementJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly deps: SettlementDeps,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = settlePayments(this.deps)
        .catch((err: unknown) => this.deps.log.error({ err }, 'payments: settlement round failed'))
        .finally(() => (this.running = null));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

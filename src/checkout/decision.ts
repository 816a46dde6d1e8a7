import { ApiError, type ParamError } from '../protocol/errors.js';
import type { Cents } from '../protocol/money.js';
import type { InputOf } from '../protocol/params.js';
import type { CatalogueService } from './catalogue.js';
import type { submitParams } from './submit-params.js';

export type SubmitInput = InputOf<typeof submitParams>;
export type OrderInput = SubmitInput['order'];

export interface Promotion {
  readonly id: number;
  readonly code: string;
  readonly percentOff: number | null;
  readonly amountOffCents: Cents | null;
  readonly startsAt: Date | null;
  readonly endsAt: Date | null;
  readonly designationId: number | null;
  readonly oncePerUser: boolean;
  readonly active: boolean;
}

/** What the decision needs to know beyond the request, read before it runs. */
export interface CheckoutFacts {
  readonly catalogue: readonly CatalogueService[];
  /** The promotion named by `promotion_code` (undefined: no such code). */
  readonly promotion: Promotion | undefined;
  /** The client's user already used that promotion. */
  readonly promotionUsed: boolean;
  /** The designation of the client's company, if any. */
  readonly clientDesignationId: number | null;
  /** Which `previous_order_id`s named by the request are orders of this client. */
  readonly clientOrderIds: ReadonlySet<number>;
  readonly now: Date;
}

export interface PricedLine {
  readonly service: CatalogueService;
  readonly quantity: number;
  readonly priceCents: Cents;
  readonly primary: boolean;
  readonly previousOrderId: number | null;
  /** This line's share of the order's discount (see shareDiscount). */
  readonly discountCents: Cents;
}

export interface CheckoutDecision {
  readonly lines: readonly PricedLine[];
  readonly subtotalCents: Cents;
  readonly discountCents: Cents;
  readonly totalCents: Cents;
  readonly promotion: Promotion | null;
  /** The requested appointments' starts (UTC), in the order given. */
  readonly appointmentStarts: readonly Date[];
}

/**
 * The whole order checked and priced, without touching the database or the provider: services
 * from the catalogue at one of their quantities, access rules, future appointment requests, the
 * promotion. Every offending param is reported at once (`invalid-param`, `missing-param`);
 * promotion problems answer their own statuses.
 */
export function decideCheckout(
  input: Pick<SubmitInput, 'order' | 'promotion_code'>,
  facts: CheckoutFacts,
): CheckoutDecision {
  const errors: ParamError[] = [];
  const invalid = (param: string, message: string) =>
    errors.push({ param, status: 'invalid-param', message: `${param} ${message}` });
  const missing = (param: string) =>
    errors.push({ param, status: 'missing-param', message: `${param} is required` });
  const { order } = input;

  const lines: PricedLine[] = [];
  const seen = new Set<string>();
  const priceLine = (given: OrderInput['primary_service'], path: string, primary: boolean) => {
    const service = facts.catalogue.find((s) => s.slug === given.slug);
    if (!service)
      return invalid(
        `${path}.slug`,
        `must be the slug of an active service: ${facts.catalogue.map((s) => s.slug).join(', ')}`,
      );
    if (primary && !service.primary) {
      return invalid(`${path}.slug`, `${service.slug} cannot be the primary service; it is an add-on`);
    }
    if (seen.has(service.slug))
      return invalid(`${path}.slug`, `${service.slug} is already part of the order`);
    seen.add(service.slug);
    const option = service.options.find((o) => o.quantity === given.quantity);
    if (!option) {
      return invalid(
        `${path}.quantity`,
        `must be one of ${service.options.map((o) => o.quantity).join(', ')} for ${service.slug}`,
      );
    }
    let previousOrderId: number | null = null;
    if (service.requiresPreviousOrder) {
      if (given.previous_order_id === undefined) return missing(`${path}.previous_order_id`);
      if (!facts.clientOrderIds.has(given.previous_order_id)) {
        return invalid(`${path}.previous_order_id`, `must be an earlier order of the client`);
      }
      previousOrderId = given.previous_order_id;
    }
    lines.push({
      service,
      quantity: option.quantity,
      priceCents: option.priceCents,
      primary,
      previousOrderId,
      discountCents: 0,
    });
  };
  priceLine(order.primary_service, 'order.primary_service', true);
  (order.add_on_services ?? []).forEach((s, i) => priceLine(s, `order.add_on_services[${i}]`, false));

  const access = order.property_access;
  if (access.method_of_access === 'lockbox_code') {
    if (access.access_code === undefined) missing('order.property_access.access_code');
    if (access.lockbox_location === undefined) missing('order.property_access.lockbox_location');
  }
  if (order.property_info.tour_id === undefined && order.property_info.address === undefined) {
    missing('order.property_info.address');
  }

  const appointmentStarts = order.appointments.map((a, i) => {
    const at = new Date(
      `${a.requested_date}T${a.requested_time.length === 5 ? `${a.requested_time}:00` : a.requested_time}Z`,
    );
    if (at.getTime() <= facts.now.getTime()) invalid(`order.appointments[${i}]`, 'must be in the future');
    return at;
  });

  if (errors.length > 0) {
    const status = errors.some((e) => e.status === 'invalid-param') ? 'invalid-param' : 'missing-param';
    throw new ApiError(status, errors.map((e) => e.message).join('; '), errors);
  }

  const promotion = input.promotion_code === undefined ? null : checkPromotion(input.promotion_code, facts);
  const subtotalCents = lines.reduce((sum, l) => sum + l.priceCents, 0);
  const discountCents = promotion ? discountOf(promotion, subtotalCents) : 0;
  const shares = shareDiscount(
    lines.map((l) => l.priceCents),
    discountCents,
  );
  return {
    lines: lines.map((l, i) => ({ ...l, discountCents: shares[i]! })),
    subtotalCents,
    discountCents,
    totalCents: subtotalCents - discountCents,
    promotion,
    appointmentStarts,
  };
}

function checkPromotion(code: string, facts: CheckoutFacts): Promotion {
  const p = facts.promotion;
  const now = facts.now.getTime();
  const refuse = (status: 'invalid-promotion' | 'promotion-expended', why: string) =>
    new ApiError(status, `Promotion ${code}: ${why}.`, [{ param: 'promotion_code', status, message: why }]);
  if (!p || !p.active) throw refuse('invalid-promotion', 'no such active promotion');
  if ((p.startsAt && p.startsAt.getTime() > now) || (p.endsAt && p.endsAt.getTime() <= now)) {
    throw refuse('invalid-promotion', 'the promotion is not valid today');
  }
  if (p.designationId !== null && p.designationId !== facts.clientDesignationId) {
    throw refuse('invalid-promotion', 'the promotion is for another designation');
  }
  if (p.oncePerUser && facts.promotionUsed) throw refuse('promotion-expended', 'already used by this user');
  return p;
}

/** The discount in cents: a percentage rounded half up to the cent, or a fixed amount, never above the subtotal. */
export function discountOf(p: Pick<Promotion, 'percentOff' | 'amountOffCents'>, subtotalCents: Cents): Cents {
  const off =
    p.percentOff !== null ? Math.floor((subtotalCents * p.percentOff + 50) / 100) : (p.amountOffCents ?? 0);
  return Math.min(off, subtotalCents);
}

/**
 * Pure: the discount split over the lines in proportion to their prices, in whole cents that sum
 * to it exactly (the cents left by rounding down go to the largest remainders, earlier lines first),
 * so the lines' net prices sum to the order's total. Never more than a line's price.
 */
export function shareDiscount(prices: readonly Cents[], discountCents: Cents): Cents[] {
  const subtotal = prices.reduce((sum, p) => sum + p, 0);
  if (subtotal === 0 || discountCents === 0) return prices.map(() => 0);
  const exact = prices.map((p) => p * discountCents);
  const shares = exact.map((e) => Math.floor(e / subtotal));
  let left = discountCents - shares.reduce((sum, s) => sum + s, 0);
  const order = exact.map((e, i) => ({ i, rest: e % subtotal })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left === 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares;
}

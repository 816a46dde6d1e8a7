import { describe, expect, it } from 'vitest';
import type { CatalogueService } from '../../src/checkout/catalogue.js';
import {
  decideCheckout,
  discountOf,
  shareDiscount,
  type CheckoutFacts,
  type Promotion,
} from '../../src/checkout/decision.js';
import { anOrder } from './fixtures.js';

const photos: CatalogueService = {
  id: 1,
  slug: 'photos',
  name: 'Photos',
  description: '',
  primary: true,
  requiresPreviousOrder: false,
  options: [
    { quantity: 10, priceCents: 12_345 },
    { quantity: 25, priceCents: 21_900 },
  ],
};

const promotion: Promotion = {
  id: 1,
  code: 'TEAM15',
  percentOff: 15,
  amountOffCents: null,
  startsAt: new Date('2026-01-01T00:00:00Z'),
  endsAt: new Date('2026-02-01T00:00:00Z'),
  designationId: 4,
  oncePerUser: true,
  active: true,
};

const facts = (over: Partial<CheckoutFacts> = {}): CheckoutFacts => ({
  catalogue: [photos],
  promotion,
  promotionUsed: false,
  clientDesignationId: 4,
  clientOrderIds: new Set(),
  now: new Date('2026-01-05T12:00:00Z'),
  ...over,
});

// The decision takes the validated input; the fixture's order is what validation hands over.
const order = anOrder({ primary_service: { slug: 'photos', quantity: 10 }, add_on_services: [] }) as never;

describe('decideCheckout', () => {
  it('prices from the catalogue and rounds a percentage half up to the cent', () => {
    const d = decideCheckout({ order, promotion_code: 'team15' }, facts());
    // 15 % of $123.45 is $18.5175: $18.52 off.
    expect(d).toMatchObject({ subtotalCents: 12_345, discountCents: 1_852, totalCents: 10_493 });
  });

  it('scopes a promotion to its designation and its dates', () => {
    const refused = (f: Partial<CheckoutFacts>) => {
      try {
        decideCheckout({ order, promotion_code: 'TEAM15' }, facts(f));
        return 'accepted';
      } catch (err) {
        return (err as { status: string }).status;
      }
    };
    expect(refused({})).toBe('accepted');
    expect(refused({ clientDesignationId: null })).toBe('invalid-promotion');
    expect(refused({ clientDesignationId: 5 })).toBe('invalid-promotion');
    expect(refused({ promotion: { ...promotion, endsAt: new Date('2026-01-05T12:00:00Z') } })).toBe(
      'invalid-promotion',
    );
    expect(refused({ promotion: { ...promotion, startsAt: new Date('2026-01-05T12:00:01Z') } })).toBe(
      'invalid-promotion',
    );
    expect(refused({ promotionUsed: true })).toBe('promotion-expended');
    expect(refused({ promotion: { ...promotion, oncePerUser: false }, promotionUsed: true })).toBe(
      'accepted',
    );
  });
});

describe('discountOf', () => {
  it('never takes more than the subtotal', () => {
    expect(discountOf({ percentOff: null, amountOffCents: 5_000 }, 4_999)).toBe(4_999);
    expect(discountOf({ percentOff: 100, amountOffCents: null }, 4_999)).toBe(4_999);
    expect(discountOf({ percentOff: 10, amountOffCents: null }, 5)).toBe(1);
    expect(discountOf({ percentOff: 10, amountOffCents: null }, 4)).toBe(0);
  });
});

describe('shareDiscount', () => {
  it('splits the discount by price in whole cents that sum to it exactly', () => {
    expect(shareDiscount([21_900, 4_900], 2_680)).toEqual([2_190, 490]);
    // 100 cents over three equal lines: the leftover cent goes to the first.
    expect(shareDiscount([1_000, 1_000, 1_000], 100)).toEqual([34, 33, 33]);
    expect(shareDiscount([999, 1], 1_000)).toEqual([999, 1]);
    expect(shareDiscount([500, 0], 0)).toEqual([0, 0]);
  });
});

import type { Kysely } from 'kysely';
import type { Cents } from '../protocol/money.js';
import { renderMoney } from '../protocol/money.js';
import { field } from '../protocol/reply.js';
import type { Database } from '../schema.js';

export interface ServiceOption {
  readonly quantity: number;
  readonly priceCents: Cents;
}

/** One service of the catalogue with the quantities it is sold in, smallest first. */
export interface CatalogueService {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly primary: boolean;
  readonly requiresPreviousOrder: boolean;
  readonly options: readonly ServiceOption[];
}

/** The active services, in catalogue order, each with its options (two queries). */
export async function loadCatalogue(db: Kysely<Database>): Promise<CatalogueService[]> {
  const [services, options] = await Promise.all([
    db
      .selectFrom('services')
      .select(['id', 'slug', 'name', 'description', 'primary', 'requires_previous_order'])
      .where('active', '=', true)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('service_options')
      .select(['service_id', 'quantity', 'price_cents'])
      .orderBy('quantity')
      .execute(),
  ]);
  return services.map((s) => ({
    id: s.id,
    slug: s.slug,
    name: s.name,
    description: s.description,
    primary: s.primary,
    requiresPreviousOrder: s.requires_previous_order,
    options: options
      .filter((o) => o.service_id === s.id)
      .map((o) => ({ quantity: o.quantity, priceCents: Number(o.price_cents) })),
  }));
}

export const serviceField = field.object({
  id: field.integer({ example: 1 }),
  slug: field.string({ example: 'photos' }),
  name: field.string({ example: 'Photos' }),
  description: field.string({ example: 'Professional HDR photos of the property.' }),
  primary: field.boolean({
    example: true,
    description: 'true when the service may be an order’s `primary_service`.',
  }),
  requires_previous_order: field.boolean({
    example: false,
    description: 'true when ordering it needs `previous_order_id` (an earlier order of the client).',
  }),
  options: field.list(
    field.object({
      quantity: field.integer({ example: 25 }),
      price: field.money({ example: 219, description: 'Price of this quantity, in dollars.' }),
    }),
  ),
});

export function serviceView(s: CatalogueService) {
  return {
    id: s.id,
    slug: s.slug,
    name: s.name,
    description: s.description,
    primary: s.primary,
    requires_previous_order: s.requiresPreviousOrder,
    options: s.options.map((o) => ({ quantity: o.quantity, price: renderMoney(o.priceCents) })),
  };
}

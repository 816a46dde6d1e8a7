import { renderMoney } from '../../src/protocol/money.js';
import { pageField, paginate, paginationParams } from '../../src/protocol/pagination.js';
import { param } from '../../src/protocol/params.js';
import { defineRoute } from '../../src/protocol/route.js';
import { field } from '../../src/protocol/reply.js';

/** Routes that exist only in tests, to drive declared rules through a started server. */
export const moneyRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/probe/money',
  title: 'Probe Money',
  purpose: 'Echoes amounts: the cents the handler received and their rendering.',
  service: 'probe',
  auth: { kind: 'public' },
  params: {
    price: param.money({ position: 1, required: true, max: 10_000, example: 149.5 }),
    discount: param.money({ position: 2, min: -500, max: 0, example: -25 }),
  },
  reply: field.object({
    price_cents: field.integer(),
    price: field.money(),
    discount_cents: field.integer({ nullable: true }),
    discount: field.money({ nullable: true }),
  }),
  handler: async (input) => ({
    price_cents: input.price,
    price: renderMoney(input.price),
    discount_cents: input.discount ?? null,
    discount: input.discount === undefined ? null : renderMoney(input.discount),
  }),
});

export const formatsRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/probe/formats',
  title: 'Probe Formats',
  purpose: 'Echoes params of every format.',
  service: 'probe',
  auth: { kind: 'public' },
  params: {
    email: param.string({ position: 1, format: 'email' }),
    day: param.date({ position: 2 }),
    at: param.time({ position: 3 }),
    when: param.datetime({ position: 4, notInFuture: true }),
    id: param.string({ position: 5, format: 'uuid' }),
    link: param.string({ position: 6, format: 'url' }),
  },
  reply: field.json({ description: 'The params, as the handler received them.' }),
  handler: async (input) => ({ ...input, when: input.when?.toISOString() ?? null }),
});

export const listItemRoute = defineRoute({
  method: 'POST',
  path: '/api/v1/probe/list_items',
  title: 'Probe List Items',
  purpose: 'Takes list-item params, top-level, nested and as array items.',
  service: 'probe',
  auth: { kind: 'public' },
  params: {
    property_type: param.listItem({
      position: 1,
      required: true,
      collection: 'property_type',
      example: 'condo_townhouse',
      description: 'Type of the property.',
    }),
    tour: param.parent({
      position: 2,
      children: {
        property_type: param.listItem({ position: 1, collection: 'property_type', example: 'land' }),
      },
    }),
    also: param.array({
      position: 3,
      items: param.listItem({ position: 1, collection: 'property_type', example: 'commercial' }),
    }),
    team: param.listItem({ position: 4, collection: 'glip_team', example: 'photo-team' }),
  },
  reply: field.json({ description: 'The params, as the handler received them.' }),
  handler: async (input) => input,
});

export const pagedRoute = defineRoute({
  method: 'GET',
  path: '/api/v1/probe/paged',
  title: 'Probe Paged',
  purpose: 'Pages through the list items of a collection.',
  service: 'probe',
  auth: { kind: 'public' },
  params: {
    collection: param.string({ position: 1, required: true, example: 'property_type' }),
    ...paginationParams({ position: 2, noun: 'items' }),
  },
  reply: pageField(field.string()),
  handler: async (input, ctx) =>
    paginate(
      ctx.db.selectFrom('list_items').where('collection', '=', input.collection),
      input,
      (q) => q.select(['id', 'value']).orderBy('position').orderBy('id'),
      (row) => row.value,
    ),
});

export const paramProbeRoutes = [moneyRoute, formatsRoute, listItemRoute, pagedRoute];

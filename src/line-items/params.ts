import { param } from '../protocol/params.js';
import { ITEMABLE_TYPES } from './tables.js';

const NAME = 200;
const TEXT = 1_000;

const money = (position: number, description: string, example: number) =>
  param.money({
    position,
    example,
    description: `${description} An exact amount (at most two decimal places).`,
  });

/** The params of `line_items/create` after itemable/sourceable/key, at the real page's positions (row 11). */
export const LINE_ITEM_FIELD_PARAMS = {
  service_id: param.integer({
    position: 500,
    min: 1,
    example: 4,
    description: 'The service (product) sold.',
  }),
  service_name: param.string({
    position: 600,
    maxLength: NAME,
    example: 'Photos (25)',
    description: 'Name of the service, as the client sees it.',
  }),
  service_description: param.string({
    position: 700,
    maxLength: TEXT,
    example: '25 edited interior and exterior photos',
    description: 'What the service includes.',
  }),
  group_name: param.string({
    position: 800,
    maxLength: NAME,
    example: 'photoplan',
    description: 'The service group.',
  }),
  service_type_primary: param.boolean({
    position: 900,
    example: true,
    description: 'The order’s primary service (the others are add-ons).',
  }),
  quantity: param.integer({
    position: 1000,
    min: 0,
    max: 10_000,
    example: 1,
    description: 'How many; default 1.',
  }),
  instructions: param.string({
    position: 1100,
    maxLength: 1_000,
    example: 'Include the backyard and the pool.',
    description: 'Instructions for production.',
  }),
  price: money(
    1200,
    'What the item adds to its order’s total_price. Absent on create: quantity × unit_price_final (or unit_price), else 0.',
    249.5,
  ),
  base_price: money(1300, 'The service’s list price.', 249.5),
  unit_price: money(1400, 'Price of one unit.', 249.5),
  gross_price: money(1500, 'Before discounts.', 249.5),
  net_price: money(1600, 'After discounts.', 224.55),
  base_price_final: money(1700, 'The list price after adjustments.', 249.5),
  unit_price_final: money(1800, 'Price of one unit after discounts.', 224.55),
  discount: money(1900, 'The discount given.', 24.95),
  discount_applied_percent: param.float({
    position: 2000,
    min: 0,
    max: 100,
    example: 10,
    description: 'The discount as a percentage (0–100).',
  }),
  updated_in: param.string({
    position: 2100,
    maxLength: NAME,
    example: 'planoorder',
    description: 'The app of this change.',
  }),
  updated_at_fm: param.string({
    position: 2200,
    maxLength: 40,
    example: '01/05/2026 09:30:00',
    description: 'FileMaker’s time of this change, kept as written.',
  }),
  processed_at: param.datetime({
    position: 2300,
    shownAs: 'string',
    example: '2026-01-06T18:00:00Z',
    description: 'When production processed the item.',
  }),
};

export const itemableTypeParam = <const R extends boolean>(required: R) =>
  param.string({
    position: 400,
    required,
    possibleValues: ITEMABLE_TYPES,
    example: 'order',
    description:
      'What the item is on: an order, or an appointment (then it counts in the appointment’s order).',
  });

export const itemableIdParam = <const R extends boolean>(required: R) =>
  param.integer({
    position: 400,
    required,
    min: 1,
    example: 2,
    description: 'Id of the order or appointment; the caller must be allowed to act for its client.',
  });

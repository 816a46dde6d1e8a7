import { param } from '../protocol/params.js';

/** The `view` names of the real `tours/update` page; `tours/read` and `tours/list` take the same. */
export const TOUR_VIEWS = [
  'default',
  'planox_tour_photos',
  'planox_tour_floor_plans',
  'planox_tour_property_info',
  'planox_tour_preferences',
  'planox_tour_brochures',
  'planox_tour_download',
  'planox_side_menu',
] as const;
export type TourView = (typeof TOUR_VIEWS)[number];

export const tourViewParam = (position: number) =>
  param.string({
    position,
    possibleValues: TOUR_VIEWS,
    default: 'default',
    example: 'default',
    description:
      'Shape of the returned tour: `default` every field; `planox_tour_property_info` the address and property facts; `planox_tour_preferences` what the marketing site shows or hides, the greeting and description; the other PlanoX views the tour’s summary (id, status, address).',
  });

const text = (position: number, maxLength: number, example: string, description: string) =>
  param.string({ position, maxLength, example, description });
const decimal = (position: number, example: string, description: string) =>
  param.string({ position, maxLength: 22, format: 'decimal', example, description });

/**
 * The tour's own fields at the real `tours/update` page's positions (the page puts `id` and
 * `address` both at 400, `view` and `address2` both at 500). `tours/create` takes the same.
 */
export const TOUR_FIELD_PARAMS = {
  address: text(400, 500, '12 Harbor Lane', 'Street address of the property.'),
  address2: text(500, 500, 'Unit 4', 'Second address line (unit, suite).'),
  city: text(600, 200, 'Portland', 'City.'),
  province_iso: param.string({
    position: 700,
    minLength: 2,
    maxLength: 6,
    example: 'ME',
    description: 'State or province, as its ISO 3166-2 code (`ME`, `CO`, `ON`).',
  }),
  postal_code: text(
    800,
    20,
    '04101',
    'Postal code, as text so leading zeros stay (`04101` is returned as `04101`).',
  ),
  mls_number: text(900, 50, 'ME-1577342', 'The listing’s MLS number (also an identifier of the tour).'),
  bedrooms: decimal(1000, '3', 'Number of bedrooms.'),
  bathrooms: decimal(1100, '2.5', 'Number of bathrooms (half baths as .5).'),
  sqft: decimal(1200, '1850', 'Living area in square feet.'),
  price: decimal(1300, '459000', 'Listing price, in dollars.'),
  hide_sqft: param.boolean({
    position: 1400,
    example: false,
    description: 'Leave the square footage off the marketing material.',
  }),
  hide_price: param.boolean({
    position: 1500,
    example: false,
    description: 'Leave the price off the marketing material.',
  }),
  property_type: param.listItem({
    position: 1600,
    collection: 'property_type',
    example: 'single_family',
    description: 'Kind of property.',
  }),
  map_x: param.float({ position: 1700, min: -90, max: 90, example: 43.6591, description: 'Latitude.' }),
  map_y: param.float({ position: 1800, min: -180, max: 180, example: -70.2568, description: 'Longitude.' }),
  property_description: text(
    1900,
    10_000,
    'Sunny cape with a harbor view.',
    'Description of the property shown on the tour.',
  ),
  greeting: text(2000, 2_000, 'Welcome home!', 'Greeting shown on the tour.'),
};

/** The tour fields as a service takes them (every one optional). */
export type TourFields = {
  -readonly [K in keyof typeof TOUR_FIELD_PARAMS]?: (typeof TOUR_FIELD_PARAMS)[K] extends {
    readonly __value?: infer T;
  }
    ? T
    : never;
};

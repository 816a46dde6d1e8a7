import { commonParams } from '../auth/params.js';
import { param } from '../protocol/params.js';

/** The real list of ways into a property (lockbox_code needs access_code and lockbox_location). */
export const METHODS_OF_ACCESS = ['lockbox_code', 'keypad', 'rently', 'no_access_needed'] as const;

const serviceChildren = {
  slug: param.string({
    position: 1,
    required: true,
    minLength: 1,
    maxLength: 100,
    example: 'photos',
    description: 'Slug of an active service of the catalogue (services/list).',
  }),
  quantity: param.integer({
    position: 2,
    required: true,
    min: 1,
    max: 1000,
    example: 25,
    description: 'One of the quantities the service is sold in (its `options`).',
  }),
  previous_order_id: param.integer({
    position: 3,
    min: 1,
    example: 1042,
    description: 'An earlier order of the client the service builds on; required by ai_virtual_staging.',
  }),
};

/** The `order` parent of both submit routes: everything CaptuRE's wizard collected. */
const orderParam = param.parent({
  position: 5,
  required: true,
  description: 'The whole order: client, services, property, access and requested appointments.',
  children: {
    key: param.string({
      position: 1,
      minLength: 1,
      maxLength: 255,
      example: 'capture-7f3c2a9e-order-1',
      description:
        'Client-chosen unique key of this submit: a retry with the same key and params returns the first order and charges nothing again; the same key with other params answers duplicate-payment. Without a key, the same request within 10 minutes counts as a retry.',
    }),
    client: param.parent({
      position: 2,
      description: 'Who the order is for.',
      children: {
        id: param.integer({
          position: 1,
          min: 1,
          example: 311,
          description: 'The client; a client may leave it out (themselves), employees and liaisons name it.',
        }),
        assistant_emails: param.array({
          position: 2,
          maxItems: 10,
          items: param.string({
            position: 1,
            format: 'email',
            maxLength: 254,
            description: 'An assistant’s email.',
          }),
          example: ['assistant@realty.example'],
          description: 'Assistants copied on the confirmation email.',
        }),
      },
    }),
    primary_service: param.parent({
      position: 3,
      required: true,
      description: 'The main service (one whose `primary` is true in services/list).',
      children: serviceChildren,
    }),
    add_on_services: param.array({
      position: 4,
      maxItems: 20,
      items: param.parent({ position: 1, description: 'An add-on service.', children: serviceChildren }),
      example: [{ slug: 'exterior_photos', quantity: 3 }],
      description: 'Further services of the order, each slug at most once.',
    }),
    property_info: param.parent({
      position: 5,
      required: true,
      description: 'The property: an existing tour of the client, or the address of a new one.',
      children: {
        tour_id: param.integer({
          position: 1,
          min: 1,
          example: 88,
          description: 'An existing tour (property) of the client; else a tour is created from the address.',
        }),
        address: param.string({
          position: 2,
          minLength: 1,
          maxLength: 255,
          example: '1234 Main St',
          description: 'Street address of a new property (required without tour_id).',
        }),
        address2: param.string({
          position: 3,
          maxLength: 255,
          example: 'Unit 4',
          description: 'Second address line.',
        }),
        city: param.string({ position: 4, maxLength: 100, example: 'Denver', description: 'City.' }),
        province_iso: param.string({
          position: 5,
          maxLength: 10,
          example: 'CO',
          description: 'State or province code.',
        }),
        postal_code: param.string({
          position: 6,
          maxLength: 20,
          example: '80202',
          description: 'Postal code (a string, to keep leading zeros).',
        }),
        bedrooms: param.integer({ position: 7, min: 0, max: 1000, example: 3, description: 'Bedrooms.' }),
        bathrooms: param.float({ position: 8, min: 0, max: 1000, example: 2.5, description: 'Bathrooms.' }),
        sqft: param.integer({
          position: 9,
          min: 0,
          max: 10_000_000,
          example: 1850,
          description: 'Square footage.',
        }),
      },
    }),
    property_access: param.parent({
      position: 6,
      required: true,
      description: 'How the photographer gets in, and who is on site.',
      children: {
        method_of_access: param.string({
          position: 1,
          required: true,
          possibleValues: METHODS_OF_ACCESS,
          example: 'lockbox_code',
          description:
            'lockbox_code needs access_code and lockbox_location; no_access_needed also for occupied homes.',
        }),
        vacant: param.boolean({ position: 2, example: true, description: 'Whether the property is vacant.' }),
        access_code: param.string({
          position: 3,
          maxLength: 255,
          example: '4821',
          description: 'Lockbox or keypad code.',
        }),
        lockbox_location: param.string({
          position: 4,
          maxLength: 255,
          example: 'Front door handle',
          description: 'Where the lockbox is.',
        }),
        onsite_contact_name: param.string({
          position: 5,
          required: true,
          minLength: 1,
          maxLength: 255,
          example: 'Jordan Seller',
          description: 'Who is on site (or answers the phone) for the shoot.',
        }),
        onsite_contact_email: param.string({
          position: 6,
          format: 'email',
          maxLength: 254,
          example: 'jordan@example.com',
          description: 'The onsite contact’s email.',
        }),
        onsite_contact_phone: param.string({
          position: 7,
          required: true,
          minLength: 7,
          maxLength: 30,
          example: '303-555-0134',
          description: 'The onsite contact’s phone.',
        }),
      },
    }),
    appointments: param.array({
      position: 7,
      required: true,
      minItems: 1,
      maxItems: 3,
      items: param.parent({
        position: 1,
        description: 'A requested appointment (UTC), in the future.',
        children: {
          requested_date: param.date({
            position: 1,
            required: true,
            example: '2026-01-09',
            description: 'Day.',
          }),
          requested_time: param.time({
            position: 2,
            required: true,
            example: '10:00',
            description: 'Time (24 h, UTC).',
          }),
        },
      }),
      example: [{ requested_date: '2026-01-09', requested_time: '10:00' }],
      description: 'Requested appointment dates, in order of preference.',
    }),
  },
});

/** The params of orders/authorize_and_submit (catalogue row 13): `view` 2, `payment_method_id` 3, `promotion_code` 4, `order` 5. */
export const submitParams = {
  ...commonParams,
  view: param.string({
    position: 2,
    possibleValues: ['default'],
    example: 'default',
    description: 'View of the order returned.',
  }),
  payment_method_id: param.integer({
    position: 3,
    min: 1,
    example: 17,
    description: 'A payment method of the client (payment_methods/create); required unless the total is 0.',
  }),
  promotion_code: param.string({
    position: 4,
    minLength: 1,
    maxLength: 50,
    example: 'WELCOME10',
    description: 'A promotion code (case does not matter).',
  }),
  order: orderParam,
};

/** orders/pay_and_submit (row 14): the same, plus `application_view` 110. */
export const payParams = {
  ...submitParams,
  application_view: param.string({
    position: 110,
    possibleValues: ['default'],
    example: 'default',
    description: 'View of application object you would like returned.',
  }),
};

import type { Selectable } from 'kysely';
import { field } from '../protocol/reply.js';
import type { PaymentTables } from './tables.js';
import { PAYMENT_PROVIDERS } from './tables.js';

type PaymentMethodRow = Selectable<PaymentTables['payment_methods']>;

export const paymentMethodField = field.object({
  id: field.integer({ example: 17 }),
  client_id: field.integer({ example: 311 }),
  provider: field.string({ possibleValues: PAYMENT_PROVIDERS, example: 'stripe' }),
  brand: field.string({ example: 'visa' }),
  last4: field.string({
    example: '4242',
    description: 'The last four digits; the number stays with the provider.',
  }),
  exp_month: field.integer({ example: 12 }),
  exp_year: field.integer({ example: 2030 }),
  expiry: field.string({ example: '12/2030', description: 'MM/YYYY.' }),
  created_at: field.datetime(),
});

export function paymentMethodView(row: PaymentMethodRow) {
  return {
    id: row.id,
    client_id: row.client_id,
    provider: row.provider,
    brand: row.brand,
    last4: row.last4,
    exp_month: row.exp_month,
    exp_year: row.exp_year,
    expiry: `${String(row.exp_month).padStart(2, '0')}/${row.exp_year}`,
    created_at: row.created_at.toISOString(),
  };
}

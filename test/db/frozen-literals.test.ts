import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCELABLE_TYPES, CANCELATION_ACTIONS } from '../../src/cancelations/tables.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { EMAIL_STATUSES } from '../../src/email/tables.js';
import { ITEMABLE_TYPES } from '../../src/line-items/tables.js';
import { SUBMISSION_STATUSES, SUBMIT_MODES } from '../../src/checkout/tables.js';
import { NOTIFICATION_SEVERITIES } from '../../src/notifications/tables.js';
import { PAYMENT_PROVIDERS, PAYMENT_STATUSES, SANDBOX_INTENT_STATUSES } from '../../src/payments/tables.js';
import {
  APPOINTMENT_STATUSES,
  LINE_ITEM_STATUSES,
  ORDER_STATUSES,
  TOUR_STATUSES,
} from '../../src/orders/tables.js';
import { openTestDatabase } from '../helpers/database.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database?.close());

/** The values a table's CHECK constraint on this column admits, as the migrations left them. */
async function checkedValues(table: string, column: string): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    join pg_class t on t.oid = c.conrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and t.relname = ${table} and c.contype = 'c'`.execute(database.db);
  const defs = rows.map((r) => r.def).filter((def) => new RegExp(`\\b${column}\\b`).test(def));
  expect(defs, `one CHECK on ${table}.${column}`).toHaveLength(1);
  return [...defs[0]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!).sort();
}

// Migrations keep their own copies of these lists, so an applied migration never changes; a value
// added to the code's list needs a new migration that widens the CHECK, or this test fails.
describe('the lists frozen in migrations', () => {
  it.each([
    ['orders', 'status', ORDER_STATUSES],
    ['tours', 'status', TOUR_STATUSES],
    ['appointments', 'status', APPOINTMENT_STATUSES],
    ['line_items', 'status', LINE_ITEM_STATUSES],
    ['email_outbox', 'status', EMAIL_STATUSES],
    ['notifications', 'severity', NOTIFICATION_SEVERITIES],
    ['cancelations', 'cancelable_type', CANCELABLE_TYPES],
    ['cancelable_statuses', 'cancelable_type', CANCELABLE_TYPES],
    ['cancelation_reasons', 'applicable_types', CANCELABLE_TYPES],
    ['cancelation_events', 'action', CANCELATION_ACTIONS],
    ['line_items', 'itemable_type', ITEMABLE_TYPES],
    ['payment_methods', 'provider', PAYMENT_PROVIDERS],
    ['checkout_submissions', 'mode', SUBMIT_MODES],
    ['checkout_submissions', 'status', SUBMISSION_STATUSES],
    ['payments', 'provider', PAYMENT_PROVIDERS],
    ['payments', 'status', PAYMENT_STATUSES],
    ['sandbox_intents', 'status', SANDBOX_INTENT_STATUSES],
  ] as const)('%s.%s admits exactly the code’s values', async (table, column, values) => {
    expect(await checkedValues(table, column)).toEqual([...values].sort());
  });
});

import type { Migration } from 'kysely';
import * as m0001 from './0001_route_records.js';
import * as m0002 from './0002_auth.js';
import * as m0003 from './0003_orders.js';
import * as m0004 from './0004_email_notifications.js';
import * as m0005 from './0005_cancelations.js';
import * as m0006 from './0006_xso.js';
import * as m0007 from './0007_session_lookup.js';
import * as m0008 from './0008_drop_session_lookup_function.js';
import * as m0009 from './0009_audit_events.js';
import * as m0010 from './0010_list_items.js';
import * as m0011 from './0011_email_secrets.js';
import * as m0016 from './0016_throttle_counters.js';
import * as m0017 from './0017_purge_indexes.js';
import * as m0020 from './0020_tours_orders_stages.js';
import * as m0025 from './0025_appointments.js';
import * as m0026 from './0026_line_items.js';
import * as m0027 from './0027_cancelation_cascade.js';
import * as m0030 from './0030_accounts.js';
import * as m0031 from './0031_email_cc.js';
import * as m0040 from './0040_service_catalogue.js';
import * as m0041 from './0041_payments.js';
import * as m0042 from './0042_checkout.js';
import * as m0043 from './0043_payment_customers.js';
import * as m0044 from './0044_sandbox_refunds.js';
import * as m0045 from './0045_checkout_line_items.js';
import * as m0050 from './0050_admin.js';
import * as m0060 from './0060_change_notifications.js';

/** Every migration in order. Names sort in the order they run; never rename an applied one. */
export const migrations: Record<string, Migration> = {
  '0001_route_records': m0001,
  '0002_auth': m0002,
  '0003_orders': m0003,
  '0004_email_notifications': m0004,
  '0005_cancelations': m0005,
  '0006_xso': m0006,
  '0007_session_lookup': m0007,
  '0008_drop_session_lookup_function': m0008,
  '0009_audit_events': m0009,
  '0010_list_items': m0010,
  '0011_email_secrets': m0011,
  '0016_throttle_counters': m0016,
  '0017_purge_indexes': m0017,
  '0020_tours_orders_stages': m0020,
  '0025_appointments': m0025,
  '0026_line_items': m0026,
  '0027_cancelation_cascade': m0027,
  '0030_accounts': m0030,
  '0031_email_cc': m0031,
  '0040_service_catalogue': m0040,
  '0041_payments': m0041,
  '0042_checkout': m0042,
  '0043_payment_customers': m0043,
  '0044_sandbox_refunds': m0044,
  '0045_checkout_line_items': m0045,
  '0050_admin': m0050,
  '0060_change_notifications': m0060,
};

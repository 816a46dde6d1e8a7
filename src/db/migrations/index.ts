import type { Migration } from 'kysely';
import * as m0001 from './0001_route_records.js';
import * as m0002 from './0002_auth.js';
import * as m0003 from './0003_orders.js';
import * as m0005 from './0005_cancelations.js';

/** Every migration in order. Names sort in the order they run; never rename an applied one. */
export const migrations: Record<string, Migration> = {
  '0001_route_records': m0001,
  '0002_auth': m0002,
  '0003_orders': m0003,
  // 0004 is the email outbox, on its own branch.
  '0005_cancelations': m0005,
};

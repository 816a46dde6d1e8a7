import type { Migration } from 'kysely';
import * as m0001 from './0001_route_records.js';

/** Every migration in order. Names sort in the order they run; never rename an applied one. */
export const migrations: Record<string, Migration> = {
  '0001_route_records': m0001,
};

import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { RoleActor } from '../protocol/auth-state.js';
import { ApiError } from '../protocol/errors.js';
import { mayActFor } from './may-act-for.js';

/** How a route names a record it was asked for by id. */
export interface RecordRef {
  /** The param that named it; the error names it too. */
  readonly param: string;
  /** The record as messages name it: `order 12`, `cancelation 4`. */
  readonly label: string;
  /**
   * What the route family answers for a record the caller may not see (README, "Access"):
   * `permission-denied` for records named by id (cancelations and what follows),
   * `client-access-denied` for the client a route acts for.
   */
  readonly status: 'permission-denied' | 'client-access-denied';
}

/**
 * The record, when it exists and belongs to a client the caller may act for. Otherwise one answer
 * for both "another client's" and "does not exist", so ids cannot be probed: `ref.status` naming
 * the param. Employees, who see every client's records, learn only that an id does not exist
 * (`invalid-param`).
 */
export async function visibleRecord<T>(
  db: Kysely<Database>,
  caller: RoleActor,
  record: T | undefined,
  clientOf: (record: T) => number,
  ref: RecordRef,
): Promise<T> {
  if (record !== undefined && (await mayActFor(db, caller, clientOf(record)))) return record;
  throw notVisible(caller, ref);
}

/** The answer for a record the caller cannot see, whether it exists or not (see visibleRecord). */
export function notVisible(caller: RoleActor, ref: RecordRef): ApiError {
  if (caller.kind === 'employee') {
    return ApiError.invalidParam(ref.param, `${ref.label} does not exist`);
  }
  const message =
    caller.kind === 'liaison'
      ? `${ref.label} does not belong to one of your clients`
      : `${ref.label} is not yours`;
  return new ApiError(ref.status, `Not allowed: ${message}.`, [
    { param: ref.param, status: ref.status, message },
  ]);
}

/** `permission-denied` (403) naming the param: the caller's role may not do this. */
export function permissionDenied(param: string, message: string): ApiError {
  return new ApiError('permission-denied', `Not allowed: ${message}.`, [
    { param, status: 'permission-denied', message },
  ]);
}

import { ApiError } from '../protocol/errors.js';

/** Who may call an admin route: an employee holding the `admin` permission. */
export const ADMIN_AUTH = { kind: 'roles', roles: ['employee'], permission: 'admin' } as const;

/** The service of the admin routes; it (and the switches themselves) cannot be undeployed. */
export const ADMIN_SERVICE = 'admin';

/** `invalid-param` naming `id` when no record has it. */
export function unknownId(what: string, id: number): ApiError {
  return ApiError.invalidParam('id', `id ${id} is not ${what}`);
}

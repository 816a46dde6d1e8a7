import type { StatusSlug } from './statuses.js';

/** One offending param, named by its dotted path (`client.email`). */
export interface ParamError {
  readonly param: string;
  readonly status: StatusSlug;
  readonly message: string;
}

/**
 * The one error type handlers throw. The pipeline maps it to the envelope; anything else that is
 * thrown becomes `application-crash`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: StatusSlug,
    message: string = status,
    readonly errors: readonly ParamError[] = [],
    readonly data: unknown = null,
    /** The envelope's `session`, for failures that still hand the caller a session (client-required). */
    readonly session: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static invalidParam(param: string, message: string): ApiError {
    return new ApiError('invalid-param', message, [{ param, status: 'invalid-param', message }]);
  }

  static missingParam(param: string, message = `${param} is required`): ApiError {
    return new ApiError('missing-param', message, [{ param, status: 'missing-param', message }]);
  }
}

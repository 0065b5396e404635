/**
 * One error hierarchy for all of Kelp. Every error carries a closed `code`; one table maps each code
 * to an HTTP status and a CLI exit code, so the API, the CLI and the SDK agree on what went wrong.
 */
export type ErrorCode =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'already_exists'
  | 'conflict'
  | 'invalid_state'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'cancelled'
  | 'timeout'
  | 'unavailable'
  | 'internal';

export const ERROR_CODES: Readonly<Record<ErrorCode, { http: number; exit: number }>> = {
  invalid_argument: { http: 400, exit: 2 },
  unauthenticated: { http: 401, exit: 5 },
  permission_denied: { http: 403, exit: 5 },
  not_found: { http: 404, exit: 3 },
  already_exists: { http: 409, exit: 4 },
  conflict: { http: 409, exit: 4 },
  invalid_state: { http: 409, exit: 4 },
  payload_too_large: { http: 413, exit: 2 },
  unsupported_media_type: { http: 415, exit: 2 },
  cancelled: { http: 499, exit: 130 },
  timeout: { http: 504, exit: 6 },
  unavailable: { http: 503, exit: 7 },
  internal: { http: 500, exit: 1 },
};

export type ErrorDetails = Record<string, unknown>;

export class PlatformError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlatformError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export const invalidArgument = (message: string, details?: ErrorDetails) =>
  new PlatformError('invalid_argument', message, details);
export const notFound = (message: string, details?: ErrorDetails) =>
  new PlatformError('not_found', message, details);
export const alreadyExists = (message: string, details?: ErrorDetails) =>
  new PlatformError('already_exists', message, details);
export const invalidState = (message: string, details?: ErrorDetails) =>
  new PlatformError('invalid_state', message, details);

export function isPlatformError(err: unknown): err is PlatformError {
  return err instanceof PlatformError;
}

/** Maps an HTTP status back to a code (used by the SDK when a response carries no code). */
export function codeForHttpStatus(status: number): ErrorCode {
  for (const [code, v] of Object.entries(ERROR_CODES)) if (v.http === status) return code as ErrorCode;
  return status >= 500 ? 'internal' : 'invalid_argument';
}

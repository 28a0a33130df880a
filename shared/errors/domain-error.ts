/**
 * The one error type the domain throws. It carries the API error code and HTTP status,
 * so the HTTP layer turns it into the API error body in one place (shared/http/errors).
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'ADMISSION_REQUIRED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'SEAT_UNAVAILABLE'
  | 'SOLD_OUT'
  | 'NO_ADJACENT_SEATS'
  | 'INVALID_STATE'
  | 'SALE_CLOSED'
  | 'USER_EXISTS'
  | 'IDEMPOTENCY_CONFLICT'
  | 'ALREADY_USED'
  | 'WRONG_SESSION'
  | 'OUTSIDE_CHECK_IN_WINDOW'
  | 'INVALID_TICKET'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PURCHASE_LIMIT_EXCEEDED'
  | 'PRICE_MISMATCH'
  | 'BUYER_COUNT_MISMATCH'
  | 'ID_ALREADY_USED'
  | 'VOUCHER_INVALID'
  | 'VOUCHER_EXHAUSTED'
  | 'VOUCHER_EXISTS'
  | 'CAPTCHA_REQUIRED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  ADMISSION_REQUIRED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  SEAT_UNAVAILABLE: 409,
  SOLD_OUT: 409,
  NO_ADJACENT_SEATS: 409,
  INVALID_STATE: 409,
  SALE_CLOSED: 409,
  USER_EXISTS: 409,
  IDEMPOTENCY_CONFLICT: 409,
  ALREADY_USED: 409,
  WRONG_SESSION: 409,
  OUTSIDE_CHECK_IN_WINDOW: 409,
  INVALID_TICKET: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PURCHASE_LIMIT_EXCEEDED: 422,
  PRICE_MISMATCH: 422,
  BUYER_COUNT_MISMATCH: 422,
  ID_ALREADY_USED: 422,
  VOUCHER_INVALID: 422,
  VOUCHER_EXHAUSTED: 409,
  VOUCHER_EXISTS: 409,
  CAPTCHA_REQUIRED: 428,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export type ErrorDetails = Record<string, unknown>;

const STACK_LIMIT = Error.stackTraceLimit;

/**
 * Expected outcomes (4xx, 503) are control flow: nobody logs their stack, and capturing it
 * costs ~9 µs — most of a refused request's time in the on-sale minute (docs/PERFORMANCE.md).
 * Set just before the Error constructor captures, restored right after.
 */
function captureStackFor(code: ErrorCode, message: string): string {
  Error.stackTraceLimit = code === 'INTERNAL' ? STACK_LIMIT : 0;
  return message;
}

export class DomainError extends Error {
  readonly status: number;
  /** Seconds for the `retry-after` header (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(
      captureStackFor(code, message),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    Error.stackTraceLimit = STACK_LIMIT;
    this.name = 'DomainError';
    this.status = STATUS[code];
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);
export const validationFailed = (fields: { path: string; message: string }[]): DomainError =>
  new DomainError('VALIDATION_FAILED', 'The request is not valid', { fields });

/**
 * The one error type the domain throws. It carries the API error code (docs/API.md, "Errors")
 * and nothing of HTTP: the HTTP layer maps the code to a status in one place
 * (platform/http/error-status.ts) and writes the API error body.
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
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export const notFound = (what: string): DomainError => new DomainError('NOT_FOUND', `${what} not found`);

/** A refusal the caller can act on (a 4xx), as opposed to the service failing (INTERNAL, UNAVAILABLE). */
export const isRefusal = (err: unknown): err is DomainError =>
  err instanceof DomainError && err.code !== 'INTERNAL' && err.code !== 'UNAVAILABLE';

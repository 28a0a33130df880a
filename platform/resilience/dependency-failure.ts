/**
 * Whether an error means "a dependency did not answer" (Redis, DynamoDB, SQS, the Scheduler,
 * EventBridge): a timeout, a refused or reset connection, a throttle or a 5xx that the
 * retry budget did not absorb. Those are the caller's 503 `UNAVAILABLE` with `retry-after`,
 * not a 500: the request may be retried and nothing half-done is left behind (the hold path
 * releases behind a hold whose outcome it could not confirm). Anything else is a bug: 500.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

/** ioredis: command timeout, no connection, retries exhausted, cluster unreachable. */
const REDIS_MESSAGES = [
  'Command timed out',
  "Stream isn't writeable",
  'Connection is closed',
  'Reached the max retries per request limit',
  'Failed to refresh slots cache',
  'None of startup nodes is available',
];

/**
 * ioredis (retries exhausted, cluster unreachable), OpenSearch's client (connection refused or
 * reset, no node answering) and our circuit breakers (platform/resilience/circuit-breaker.ts).
 */
const UNAVAILABLE_NAMES = new Set([
  'MaxRetriesPerRequestError',
  'ClusterAllFailedError',
  'ConnectionError',
  'NoLivingConnectionsError',
  'CircuitOpenError',
]);

/** AWS SDK v3 error names that mean the service did not serve the call (not a bad request). */
const AWS_UNAVAILABLE = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'KMSThrottlingException',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  errors?: unknown;
}

export function isDependencyFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as ErrorShape;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
  if (typeof e.message === 'string' && REDIS_MESSAGES.some((m) => (e.message as string).includes(m)))
    return true;
  if (typeof e.name === 'string' && AWS_UNAVAILABLE.has(e.name)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number' && status >= 500) return true;
  // Aggregated (Promise.any, AggregateError of a connection attempt) or wrapped causes.
  if (Array.isArray(e.errors) && e.errors.some((x) => isDependencyFailure(x, depth + 1))) return true;
  return isDependencyFailure(e.cause, depth + 1);
}

/** Seconds a client should wait before retrying a request refused for a dependency failure. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;

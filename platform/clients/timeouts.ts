/**
 * Every dependency call is bounded, from the hot path's budget (seed 002: p99 < 500 ms for a
 * hold; Lambda functions time out at 10 s, the writer at 30 s). A dependency that does not
 * answer in time is a 503 `UNAVAILABLE` with `retry-after` (platform/resilience/dependency-failure.ts),
 * never a hang and never a 500. Written down in docs/ARCHITECTURE.md ("When a dependency fails").
 */
export const TIMEOUTS = {
  /** A Redis command: ~1 ms normally, tens of ms at the on-sale peak; a frozen shard is cut here. */
  redisCommandMs: 500,
  /** Opening a Redis connection (TLS included). */
  redisConnectMs: 1_000,
  /** Reconnect attempts a queued Redis command waits for before it fails (a dead node: ~0.2 s). */
  redisRetriesPerCommand: 1,
  /** An AWS SDK call's TCP connect, and its whole response. */
  awsConnectMs: 1_000,
  awsRequestMs: 2_000,
  /** An OpenSearch request (a search takes tens of ms); past it, the DynamoDB listings answer. */
  searchRequestMs: 800,
  /** Attempts per AWS SDK call, with adaptive (client-side rate-limited) retry. */
  awsMaxAttempts: 3,
} as const;

/** The AWS SDK v3 client settings every adapter uses: bounded time, a retry budget, adaptive retry. */
export function awsClientConfig() {
  return {
    maxAttempts: TIMEOUTS.awsMaxAttempts,
    retryMode: 'adaptive' as const,
    requestHandler: {
      connectionTimeout: TIMEOUTS.awsConnectMs,
      requestTimeout: TIMEOUTS.awsRequestMs,
      // Without it the SDK only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
    },
  };
}

import { Cluster, Redis } from 'ioredis';
import { guardRedis } from '#platform/clients/guarded-clients.ts';
import { TIMEOUTS } from '#platform/clients/timeouts.ts';
import { envOr, requireEnv } from '#platform/settings/env.ts';

export type RedisClient = Redis | Cluster;

/**
 * Builds the Redis client from REDIS_URL (redis:// or rediss:// with optional password).
 * REDIS_CLUSTER=true connects in cluster mode (ElastiCache cluster mode / Serverless); every
 * script touches one session's hash tag, so it runs there unchanged. Every command goes through
 * the client's circuit breaker (platform/resilience): a dead Redis costs microseconds, not a timeout.
 */
export function createRedisClient(url = requireEnv('REDIS_URL')): RedisClient {
  const parsed = new URL(url);
  const tls = parsed.protocol === 'rediss:' ? {} : undefined;
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  const username = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  // Bounded time (platform/clients/timeouts.ts): a frozen node fails a command after 500 ms, a
  // dead one after one reconnect attempt, never a wait until the function times out.
  const bounded = {
    connectTimeout: TIMEOUTS.redisConnectMs,
    commandTimeout: TIMEOUTS.redisCommandMs,
    maxRetriesPerRequest: TIMEOUTS.redisRetriesPerCommand,
    retryStrategy: (attempt: number) => Math.min(50 * 2 ** attempt, 1_000),
    // No INFO round trip before the first command: a node that accepts the connection and
    // then says nothing would hold every command in the offline queue, past any timeout.
    enableReadyCheck: false,
  };
  if (envOr('REDIS_CLUSTER', 'false') === 'true') {
    return guardRedis(
      new Cluster([{ host: parsed.hostname, port: Number(parsed.port || 6379) }], {
        // No auto-pipelining on a cluster: while a slot moves (ElastiCache Serverless moves
        // them under load) a pipeline mixing writes gets ASK/TRYAGAIN for some commands, and
        // ioredis retries a pipeline only when all its errors are alike and it is read-only,
        // so buyers saw the redirections as errors. Single commands are redirected and retried
        // (test/cluster/cluster.test.ts migrates a session's slot under load: no error).
        enableAutoPipelining: false,
        // ElastiCache TLS certificates name the configuration endpoint, not the node IPs.
        dnsLookup: (address, callback) => callback(null, address),
        redisOptions: { tls, password, username, ...bounded },
        clusterRetryStrategy: bounded.retryStrategy,
      }),
    );
  }
  return guardRedis(new Redis(url, { enableAutoPipelining: true, lazyConnect: false, ...bounded }));
}

let shared: RedisClient | undefined;
/** One client per process (Lambda container), created on first use. */
export function redis(): RedisClient {
  shared ??= createRedisClient();
  return shared;
}

/**
 * The hash tag of a session's keys, `{s:<sessionId>}`: every key of one session (inventory,
 * waitlist lines, rebuild lock) carries it, so the scripts that touch several of them run in
 * one cluster slot (ElastiCache cluster mode and Serverless).
 */
export const sessionTag = (sessionId: string): string => `{s:${sessionId}}`;

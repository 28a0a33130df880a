import type { TestProject } from 'vitest/node';
import { startRedisCluster } from '../../infra/local/redis-cluster.ts';
import { startRedisServer } from '../../infra/local/redis-server.ts';
import { GENEROUS_LIMITS, type RuntimeChild, spawnRuntime } from './runtime-child.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    /** The `cluster` project: redisUrl is a node of a 3-master Redis Cluster (and the runtime runs on it). */
    redisCluster: boolean;
    apiUrl: string;
    apiRedisUrl: string;
    apiDynamoDbUrl: string;
    apiSqsUrl: string;
    apiAlipayUrl: string;
    paymentSecret: string;
    gateSecret: string;
  }
}

/**
 * One real redis-server for the Lua/use-case tests, and one local runtime (the product as
 * `npm start` runs it, with demo data) for the HTTP tests. Tests isolate themselves by ids.
 */
/** The sandbox gateway's secret in the test runtime, so tests can sign (and forge) callbacks. */
const PAYMENT_SECRET = 'test-payment-provider-secret';
/** The runtime's gate secret, so tests can make genuine-but-expired admission tokens. */
const GATE_SECRET = 'test-gate-secret-of-the-shared-runtime-0123456789';

export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return startServers(project, 'single');
}

/**
 * The servers of one vitest project: `single` (a redis-server) or `cluster` (a 3-master Redis
 * Cluster, test/support/global-setup-cluster.ts) for the tests' own clients, and the runtime
 * on a Redis of its own of the same kind.
 */
export async function startServers(
  project: TestProject,
  mode: 'single' | 'cluster',
): Promise<() => Promise<void>> {
  const env = {
    SWEEP_INTERVAL_SECONDS: '1',
    ORDER_QUEUE_VISIBILITY_SECONDS: '1',
    PAYMENT_PROVIDER_SECRET: PAYMENT_SECRET,
    GATE_SECRET,
    // Every test file calls this runtime from 127.0.0.1, far above any one client's limits:
    // the limits themselves are tested on a runtime of their own (test/http/abuse.test.ts).
    ...GENEROUS_LIMITS,
  };
  // Started together; if one fails, the other is stopped too (no server outlives the run).
  const started = await Promise.allSettled([
    mode === 'single' ? startRedisServer() : clusterServer(),
    mode === 'single' ? spawnRuntime(env) : runtimeOnCluster(env),
  ]);
  const [redisResult, runtimeResult] = started;
  if (redisResult.status === 'rejected' || runtimeResult.status === 'rejected') {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw redisResult.status === 'rejected'
      ? redisResult.reason
      : (runtimeResult as PromiseRejectedResult).reason;
  }
  const redis = redisResult.value;
  const runtime = runtimeResult.value;
  project.provide('redisUrl', redis.url);
  project.provide('redisCluster', mode === 'cluster');
  project.provide('apiUrl', runtime.url);
  project.provide('apiRedisUrl', runtime.redisUrl);
  project.provide('apiDynamoDbUrl', runtime.dynamoDbUrl);
  project.provide('apiSqsUrl', runtime.sqsUrl);
  project.provide('apiAlipayUrl', runtime.alipayUrl);
  project.provide('paymentSecret', PAYMENT_SECRET);
  project.provide('gateSecret', GATE_SECRET);
  return async () => {
    // RUNTIME_LOG=<file>: the shared runtime's output, for a failing HTTP test's server side.
    if (process.env.RUNTIME_LOG)
      (await import('node:fs')).writeFileSync(process.env.RUNTIME_LOG, runtime.output());
    await Promise.all([redis.stop(), runtime.stop()]);
  };
}

/**
 * The runtime on a cluster of its own, as it has its own redis-server in `single`: its sweeper
 * (every second) would otherwise expire the holds tests make with clocks of their own. The
 * cluster stops with the runtime, or at once if the runtime does not start.
 */
async function runtimeOnCluster(env: Record<string, string>): Promise<RuntimeChild> {
  const cluster = await clusterServer();
  try {
    const runtime = await spawnRuntime({ ...env, REDIS_URL: cluster.url, REDIS_CLUSTER: 'true' });
    return { ...runtime, stop: () => runtime.stop().finally(() => cluster.stop()) };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

/** A 3-master cluster, as one server: the url of a node (ioredis discovers the rest). */
async function clusterServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const cluster = await startRedisCluster(3);
  const seed = cluster.nodes[0]!;
  return { url: `redis://${seed.host}:${seed.port}`, stop: () => cluster.stop() };
}

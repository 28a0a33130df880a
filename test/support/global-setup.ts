import type { TestProject } from 'vitest/node';
import { startRedisServer } from '../../infra/local/redis-server.ts';
import { GENEROUS_LIMITS, spawnRuntime } from './runtime-child.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Started together; if one fails, the other is stopped too (no server outlives the run).
  const started = await Promise.allSettled([
    startRedisServer(),
    spawnRuntime({
      SWEEP_INTERVAL_SECONDS: '1',
      ORDER_QUEUE_VISIBILITY_SECONDS: '1',
      PAYMENT_PROVIDER_SECRET: PAYMENT_SECRET,
      GATE_SECRET,
      // Every test file calls this runtime from 127.0.0.1, far above any one client's limits:
      // the limits themselves are tested on a runtime of their own (test/http/abuse.test.ts).
      ...GENEROUS_LIMITS,
    }),
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

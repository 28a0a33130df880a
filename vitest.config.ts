import { defineConfig } from 'vitest/config';

/**
 * The suites that run a second time on a 3-master Redis Cluster (what ElastiCache Serverless
 * is, slots that move included): the Lua scripts, the booking use cases, the order and payment
 * paths below HTTP, and the HTTP hold -> order -> pay flows through a runtime on the cluster.
 * Left single-node: tests that start or stall a redis-server of their own, and the two long
 * DynamoDB-bound suites (a killed cancellation job, the check-in races), whose Redis use is
 * the same scripts already covered here.
 */
const ON_CLUSTER = [
  'test/lua/**/*.test.ts',
  'test/booking/**/*.test.ts',
  'test/orders/**/*.test.ts',
  'test/http/holds.test.ts',
  'test/http/orders.test.ts',
  'test/http/booking-e2e.test.ts',
  'test/http/expiry.test.ts',
];
const SINGLE_NODE_ONLY = [
  'test/booking/stalled-redis.test.ts',
  'test/orders/session-cancel-job.test.ts',
  'test/orders/check-in-races.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    env: {
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'single',
          include: ['test/**/*.test.ts'],
          // Integration tests share one real redis-server / DynamoDB Local started in globalSetup.
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'cluster',
          include: ON_CLUSTER,
          exclude: SINGLE_NODE_ONLY,
          globalSetup: ['test/support/global-setup-cluster.ts'],
        },
      },
    ],
  },
});

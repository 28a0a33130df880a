import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCluster, startRedisCluster } from '../../infra/local/redis-cluster.ts';
import { call, openSmallSession, pollUntil, stats, useApi, writtenOrder } from '../support/api.ts';
import { GENEROUS_LIMITS, type RuntimeChild, spawnRuntime } from '../support/runtime-child.ts';

/**
 * The whole product on a Redis Cluster: the local runtime with REDIS_URL at a 3-master cluster
 * and REDIS_CLUSTER=true (the functions' own cluster client, as on ElastiCache Serverless).
 * Over HTTP: an order is held, written, paid and ticketed; the counts follow.
 */
let cluster: LocalCluster;
let runtime: RuntimeChild;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
  const seed = cluster.nodes[0]!;
  runtime = await spawnRuntime({
    REDIS_URL: `redis://${seed.host}:${seed.port}`,
    REDIS_CLUSTER: 'true',
    DEMO_DATA: '0',
    SWEEP_INTERVAL_SECONDS: '1',
    ...GENEROUS_LIMITS,
  });
  useApi(runtime.url);
}, 120_000);
afterAll(async () => {
  await runtime?.stop();
  await cluster?.stop();
});

describe('the runtime on a Redis Cluster', () => {
  it('holds, orders, pays and tickets over HTTP', async () => {
    expect((await call('GET', '/health')).status).toBe(200);
    const sessionId = await openSmallSession();
    const order = await writtenOrder(sessionId, ['1-1-4', '1-1-5']);
    const pay = await call<{ payUrl: string }>('POST', `/v1/orders/${order.orderNumber}/payments`, {
      token: order.token,
      body: { channel: 'sandbox' },
      headers: { 'idempotency-key': `cluster-${order.orderNumber}` },
    });
    expect(pay.status).toBe(201);
    expect((await fetch(pay.body.payUrl, { method: 'POST' })).status).toBeLessThan(300);
    expect((await pollUntil(order.token, order.orderNumber, 'TICKETED')).status).toBe('TICKETED');
    expect(await stats(sessionId)).toMatchObject({ sold: 2, held: 0 });
  });
});

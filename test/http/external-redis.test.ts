import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import { addBuyers, call, newUser, openSmallSession, useApi } from '../support/api.ts';
import { testRedis } from '../support/fixtures.ts';
import { GENEROUS_LIMITS, type RuntimeChild, spawnRuntime } from '../support/runtime-child.ts';

/**
 * `REDIS_URL` points the local runtime at a Redis of one's own (Valkey, ElastiCache, LocalStack):
 * no redis-server child, the product's own client on that server, nothing flushed, and the
 * server left running when the runtime stops.
 */
let runtime: RuntimeChild;
const redis = testRedis();
beforeAll(async () => {
  runtime = await spawnRuntime({ REDIS_URL: inject('redisUrl'), DEMO_DATA: '0', ...GENEROUS_LIMITS });
  useApi(runtime.url);
}, 120_000);
afterAll(async () => {
  await runtime?.stop();
  // Still answering: the runtime did not own it.
  expect(await redis.ping()).toBe('PONG');
  await redis.quit();
});

describe('the runtime on an external Redis', () => {
  it('keeps its seats there: a hold made over HTTP is in that server', async () => {
    expect(runtime.redisUrl).toBe(inject('redisUrl'));
    expect((await call('GET', '/health')).status).toBe(200);
    const sessionId = await openSmallSession();
    const user = await newUser();
    const [buyerId] = await addBuyers(user.token, 1);
    const hold = await call('POST', `/v1/sessions/${sessionId}/holds`, {
      token: user.token,
      body: { seatIds: ['1-1-2'], buyerIds: [buyerId] },
    });
    expect(hold.status).toBe(201);
    const states = await redis.get(sessionKeys(sessionId).states);
    expect(states?.[1]).toBe('1');
  });
});

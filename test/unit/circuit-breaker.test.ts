import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardAwsClient, guardRedis, unguarded } from '#platform/clients/guarded-clients.ts';
import { createRedisClient } from '#platform/clients/redis.ts';
import { awsClientConfig } from '#platform/clients/timeouts.ts';
import {
  type BreakerState,
  CircuitOpenError,
  type Dependency,
  DependencyBreaker,
} from '#platform/resilience/circuit-breaker.ts';
import { isDependencyFailure } from '#platform/resilience/dependency-failure.ts';
import { freePort } from '../../infra/local/free-port.ts';
import { type ChildServer, startRedisServer } from '../../infra/local/redis-server.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const timeout = () => Object.assign(new Error('Command timed out'), { name: 'Error' });

function recorded(settings = { consecutiveFailures: 3, halfOpenAfterMs: 100 }) {
  const seen: BreakerState[] = [];
  const breaker = new DependencyBreaker('redis', (_d: Dependency, s) => seen.push(s), settings);
  return { breaker, seen };
}

describe('DependencyBreaker (cockatiel, per dependency per container)', () => {
  it('opens after three dependency failures in a row; open, calls fail without reaching the dependency', async () => {
    const { breaker, seen } = recorded();
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(timeout());
    };
    for (let i = 0; i < 3; i++) await expect(breaker.run(failing)).rejects.toThrow('Command timed out');
    expect(breaker.state).toBe('open');
    expect(seen).toEqual(['open']);
    const refused = await breaker.run(failing).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(isDependencyFailure(refused)).toBe(true);
    expect(calls).toBe(3);
  });

  it('answers that are refusals (not dependency failures) do not count, and a success resets the count', async () => {
    const { breaker } = recorded();
    const refusal = () => Promise.reject(new Error('ConditionalCheckFailed: not a dependency failure'));
    for (let i = 0; i < 10; i++) await expect(breaker.run(refusal)).rejects.toThrow('ConditionalCheckFailed');
    expect(breaker.state).toBe('closed');
    for (let i = 0; i < 5; i++) {
      await expect(breaker.run(() => Promise.reject(timeout()))).rejects.toThrow();
      await expect(breaker.run(() => Promise.reject(timeout()))).rejects.toThrow();
      await breaker.run(() => Promise.resolve('ok'));
    }
    expect(breaker.state).toBe('closed');
  });

  it('half-open: one probe goes through while concurrent calls fail fast; its success closes the circuit', async () => {
    const { breaker, seen } = recorded();
    for (let i = 0; i < 3; i++) await breaker.run(() => Promise.reject(timeout())).catch(() => undefined);
    await sleep(120);
    let release: (v: string) => void = () => undefined;
    const probe = breaker.run(() => new Promise<string>((r) => (release = r)));
    expect(breaker.state).toBe('half-open');
    let reached = 0;
    const others = await Promise.all(
      Array.from({ length: 5 }, () =>
        breaker
          .run(() => {
            reached++;
            return Promise.resolve('x');
          })
          .catch((e: unknown) => e),
      ),
    );
    expect(reached).toBe(0);
    for (const o of others) expect(o).toBeInstanceOf(CircuitOpenError);
    release('probed');
    expect(await probe).toBe('probed');
    expect(breaker.state).toBe('closed');
    expect(await breaker.run(() => Promise.resolve(1))).toBe(1);
    expect(seen).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe opens it again for another pause', async () => {
    const { breaker, seen } = recorded();
    for (let i = 0; i < 3; i++) await breaker.run(() => Promise.reject(timeout())).catch(() => undefined);
    await sleep(120);
    await expect(breaker.run(() => Promise.reject(timeout()))).rejects.toThrow('Command timed out');
    expect(breaker.state).toBe('open');
    await expect(breaker.run(() => Promise.resolve(1))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(seen).toEqual(['open', 'half-open', 'open']);
  });
});

describe('guarded clients', () => {
  let server: ChildServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('Redis: commands, scripts and pipelines pass through the breaker; a dead node opens it and unguarded() bypasses it', async () => {
    const port = await freePort();
    const { breaker } = recorded({ consecutiveFailures: 3, halfOpenAfterMs: 60_000 });
    const dead = guardRedis(
      new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => 50, lazyConnect: true }),
      breaker,
    );
    dead.on('error', () => undefined);
    for (let i = 0; i < 3; i++) await expect(dead.get('k')).rejects.toSatisfy(isDependencyFailure);
    expect(breaker.state).toBe('open');
    await expect(dead.set('k', '1')).rejects.toBeInstanceOf(CircuitOpenError);
    await expect(dead.multi().get('k').exec()).rejects.toBeInstanceOf(CircuitOpenError);
    // The raw client is still tried (and fails on its own terms, not the breaker's).
    const raw = await unguarded(dead)
      .get('k')
      .catch((e: unknown) => e);
    expect(raw).not.toBeInstanceOf(CircuitOpenError);
    expect(isDependencyFailure(raw)).toBe(true);
    dead.disconnect();

    // A live node through the product's factory: every kind of call works through the proxy.
    const live = createRedisClient(server.url);
    await live.set('guarded:k', 'v');
    expect(await live.get('guarded:k')).toBe('v');
    expect(await live.multi().get('guarded:k').exec()).toEqual([[null, 'v']]);
    live.defineCommand('echoKey', { numberOfKeys: 1, lua: 'return redis.call("GET", KEYS[1])' });
    const echo = (live as unknown as Record<string, (k: string) => Promise<string>>).echoKey!;
    expect(await echo.call(live, 'guarded:k')).toBe('v');
    expect(unguarded(live)).not.toBe(live);
    await live.quit();
  });

  it('AWS SDK: a refused endpoint opens the breaker after three calls that failed their whole retry budget', async () => {
    const port = await freePort();
    const { breaker } = recorded({ consecutiveFailures: 3, halfOpenAfterMs: 60_000 });
    let attempts = 0;
    const client = guardAwsClient(
      new DynamoDBClient({
        ...awsClientConfig(),
        endpoint: `http://127.0.0.1:${port}`,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      }),
      'dynamodb',
      breaker,
    );
    client.middlewareStack.add(
      (next) => (args) => {
        attempts++;
        return next(args);
      },
      { step: 'finalizeRequest', name: 'countAttempts' },
    );
    const get = () => client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }));
    for (let i = 0; i < 3; i++) await expect(get()).rejects.toSatisfy(isDependencyFailure);
    expect(breaker.state).toBe('open');
    const before = attempts;
    await expect(get()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(attempts).toBe(before);
    client.destroy();
  });
});

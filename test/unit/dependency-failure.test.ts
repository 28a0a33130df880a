import { createServer, type Socket } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#kernel/errors.ts';
import { createRedisClient } from '#platform/clients/redis.ts';
import { awsClientConfig, TIMEOUTS } from '#platform/clients/timeouts.ts';
import { isDependencyFailure } from '#platform/resilience/dependency-failure.ts';
import { freePort } from '../../infra/local/free-port.ts';

/** A TCP server that accepts and never answers: a frozen dependency. */
async function silentServer() {
  const sockets: Socket[] = [];
  const server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  const close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      for (const s of sockets) s.destroy();
    });
  return { port, close };
}

describe('dependency failures are told apart from bugs (503, not 500)', () => {
  it('Redis: a dead node fails fast, a silent one after the command timeout; both are dependency failures', async () => {
    const dead = createRedisClient(`redis://127.0.0.1:${await freePort()}`);
    dead.on('error', () => undefined); // reconnect attempts report here; the command's own error is checked
    const t0 = performance.now();
    const refused = await dead.get('k').catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(isDependencyFailure(refused), String(refused)).toBe(true);
    dead.disconnect();

    const silent = await silentServer();
    const frozen = createRedisClient(`redis://127.0.0.1:${silent.port}`);
    frozen.on('error', () => undefined);
    const t1 = performance.now();
    const timedOut = await frozen.get('k').catch((e: unknown) => e);
    expect(performance.now() - t1).toBeLessThan(TIMEOUTS.redisCommandMs + TIMEOUTS.redisConnectMs + 500);
    expect(isDependencyFailure(timedOut), String(timedOut)).toBe(true);
    frozen.disconnect();
    await silent.close();
  });

  it('AWS SDK: a silent endpoint times out within attempts × request timeout, as a dependency failure', async () => {
    const silent = await silentServer();
    const client = new DynamoDBClient({
      ...awsClientConfig(),
      endpoint: `http://127.0.0.1:${silent.port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const t0 = performance.now();
    const error = await client.send(new ListTablesCommand({})).catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(TIMEOUTS.awsMaxAttempts * TIMEOUTS.awsRequestMs + 2_000);
    expect(isDependencyFailure(error), String(error)).toBe(true);
    client.destroy();
    await silent.close();
  }, 20_000);

  it('bugs and refusals are not', () => {
    expect(isDependencyFailure(new TypeError('x is undefined'))).toBe(false);
    expect(isDependencyFailure(new DomainError('SOLD_OUT', 'sold out'))).toBe(false);
    const conditional = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(isDependencyFailure(conditional)).toBe(false);
    expect(isDependencyFailure(undefined)).toBe(false);
    expect(isDependencyFailure(Object.assign(new Error('wrapped'), { cause: { code: 'ECONNRESET' } }))).toBe(
      true,
    );
    expect(isDependencyFailure({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } })).toBe(
      true,
    );
    expect(isDependencyFailure({ name: 'X', $metadata: { httpStatusCode: 503 } })).toBe(true);
  });
});

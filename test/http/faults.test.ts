import { execFileSync, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBuyers, call, newUser, openSmallProgram, stats, useApi } from '../support/api.ts';
import { GENEROUS_LIMITS, type RuntimeChild, spawnRuntime } from '../support/runtime-child.ts';

/**
 * Fault drills on a runtime of this file's own (seed 002 §13, §15): its redis-server frozen
 * (SIGSTOP, as in a partition or a slow failover) and resumed, its DynamoDB Local frozen and
 * resumed, its redis-server killed and a new one started empty on the same port. During each
 * fault every answer is the contract's 503 `UNAVAILABLE` with `retry-after`, inside the time
 * budget (docs/ARCHITECTURE.md, "When a dependency fails"): no 500, no hang.
 */
let runtime: RuntimeChild;
let sessionId: string;
let buyers: { token: string; buyerIds: string[] }[] = [];
let restarted: ReturnType<typeof spawn> | undefined;

const pidOf = (pattern: string) =>
  Number(execFileSync('pgrep', ['-f', pattern]).toString().trim().split('\n')[0]);
const port = (url: string) => new URL(url).port;
const signal = (pid: number, sig: NodeJS.Signals) => process.kill(pid, sig);
let redisPid: number;
let dynamoPid: number;

beforeAll(async () => {
  runtime = await spawnRuntime({ ...GENEROUS_LIMITS, DEMO_DATA: '0', SWEEP_INTERVAL_SECONDS: '3600' });
  useApi(runtime.url);
  redisPid = pidOf(`redis-server 127.0.0.1:${port(runtime.redisUrl)}`);
  dynamoPid = pidOf(`DynamoDBLocal.jar.*-port ${port(runtime.dynamoDbUrl)}`);
  ({ sessionId } = await openSmallProgram());
  buyers = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const u = await newUser();
      return { token: u.token, buyerIds: await addBuyers(u.token, 2) };
    }),
  );
}, 120_000);

afterAll(async () => {
  for (const pid of [redisPid, dynamoPid]) {
    try {
      signal(pid, 'SIGCONT');
    } catch {
      // already gone
    }
  }
  restarted?.kill('SIGKILL');
  await runtime?.stop();
});

interface Timed {
  status: number;
  ms: number;
  code?: string;
  retryAfter: string | null;
}

async function timed(method: string, path: string, token?: string, body?: unknown): Promise<Timed> {
  const t0 = performance.now();
  const res = await call<{ error?: { code: string } }>(method, path, {
    ...(token ? { token } : {}),
    ...(body ? { body } : {}),
  });
  return {
    status: res.status,
    ms: performance.now() - t0,
    ...(res.body?.error ? { code: res.body.error.code } : {}),
    retryAfter: res.headers.get('retry-after'),
  };
}

const hold = (i: number) => {
  const b = buyers[i % buyers.length]!;
  return timed('POST', `/v1/sessions/${sessionId}/holds`, b.token, {
    tierId: 'B',
    count: 2,
    buyerIds: b.buyerIds,
  });
};

/** Every answer during the fault: 503 UNAVAILABLE with retry-after, inside the budget. */
function allUnavailable(results: Timed[], budgetMs: number) {
  for (const r of results) {
    expect(r, JSON.stringify(r)).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    expect(Number(r.retryAfter)).toBeGreaterThan(0);
    expect(r.ms, JSON.stringify(r)).toBeLessThan(budgetMs);
  }
}

describe('fault drills on the local runtime', () => {
  it('Redis frozen: holds and seat maps answer 503 within 1.5 s under load; resumed, holds succeed and nothing frozen stays held', async () => {
    const before = await stats(sessionId);
    signal(redisPid, 'SIGSTOP');
    let during: Timed[];
    try {
      during = await Promise.all([
        ...Array.from({ length: 24 }, (_, i) => hold(i)),
        ...Array.from({ length: 4 }, () => timed('GET', `/v1/sessions/${sessionId}/seats`)),
      ]);
    } finally {
      signal(redisPid, 'SIGCONT');
    }
    allUnavailable(during, 1_500);
    // Resumed: what was queued on the node ran (holds, then their releases); new holds go through.
    await new Promise((r) => setTimeout(r, 500));
    const after = await Promise.all(Array.from({ length: 4 }, (_, i) => hold(i)));
    expect(after.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const s = await stats(sessionId);
    // Exactly the four holds made after the resume hold seats (2 each): the frozen ones none.
    expect(s.held - before.held).toBe(8);
    expect(s.available + s.held + s.sold).toBe(before.available + before.held + before.sold);
  });

  it('DynamoDB frozen: reads answer 503 inside the SDK budget (3 attempts of 2 s); resumed, 200', async () => {
    const b = buyers[0]!;
    signal(dynamoPid, 'SIGSTOP');
    let during: Timed[];
    try {
      during = await Promise.all([
        ...Array.from({ length: 6 }, () => timed('GET', '/v1/orders', b.token)),
        timed('GET', '/v1/users/me/buyers', b.token),
      ]);
    } finally {
      signal(dynamoPid, 'SIGCONT');
    }
    allUnavailable(during, 9_000);
    expect((await timed('GET', '/v1/orders', b.token)).status).toBe(200);
  }, 60_000);

  it('Redis killed: holds answer 503 fast (a dead node costs no timeout); a new empty Redis on the same port answers again', async () => {
    signal(redisPid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const during = await Promise.all(Array.from({ length: 12 }, (_, i) => hold(i)));
    allUnavailable(during, 1_500);
    restarted = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', port(runtime.redisUrl), '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    // The client reconnects by itself; the session's inventory went with the old node, so the
    // hold path rebuilds it from DynamoDB (503 RESTORING meanwhile), then holds succeed.
    const seen: number[] = [];
    const t0 = performance.now();
    let last: Timed | undefined;
    for (let i = 0; i < 100; i++) {
      last = await hold(i);
      seen.push(last.status);
      if (last.status === 201) break;
      expect(last.status).toBe(503);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(last!.status).toBe(201);
    expect(performance.now() - t0).toBeLessThan(10_000);
    const s = await stats(sessionId);
    expect(s.available + s.held + s.sold).toBeGreaterThan(0);
  });
});

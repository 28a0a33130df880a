import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { SessionLayout } from '#kernel/session-layout.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import { addBuyers, adminToken, call, newUser } from './api.ts';
import { inventoryViolations } from './invariants.ts';

/** One answer the load got: when it was asked and answered (ms since the load started). */
export interface Answer {
  what: string;
  status: number;
  code?: string;
  retryAfter: string | null;
  dataAge: string | null;
  startMs: number;
  endMs: number;
}

export interface Buyer {
  token: string;
  buyerId: string;
}

export interface LoadReport {
  answers: Answer[];
  /** Holds the API said it made (201). */
  heldIds: Set<string>;
  /** Orders the API accepted (202), with the buyer who placed them. */
  accepted: { orderNumber: string; token: string }[];
  /** Every buyer of the load (fresh ones: their orders are this load's). */
  tokens: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fresh buyers (one passenger each), so per-user limits never come into a drill. */
export function newBuyers(n: number): Promise<Buyer[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const u = await newUser();
      return { token: u.token, buyerId: (await addBuyers(u.token, 1))[0]! };
    }),
  );
}

/**
 * Many concurrent buyers on one session, each in a loop: hold one seat, then order it (every
 * other time) or release it, with a glance at the seat map and the program now and then; a
 * 503 makes the buyer wait a little, as an app honouring retry-after would (shortened).
 * Every answer is recorded with its timing, so a drill can judge those given during a fault.
 */
export function startLoad(opts: { sessionId: string; programId: string; tierId: string; buyers: Buyer[] }) {
  const t0 = performance.now();
  const report: LoadReport = {
    answers: [],
    heldIds: new Set(),
    accepted: [],
    tokens: opts.buyers.map((b) => b.token),
  };
  let running = true;
  const timed = async <T>(
    what: string,
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const startMs = performance.now() - t0;
    const res = await call<T & { error?: { code: string } }>(method, path, {
      ...(token ? { token } : {}),
      ...(body ? { body } : {}),
      ...(headers ? { headers } : {}),
    });
    report.answers.push({
      what,
      status: res.status,
      ...(res.body?.error ? { code: res.body.error.code } : {}),
      retryAfter: res.headers.get('retry-after'),
      dataAge: res.headers.get('x-data-age'),
      startMs,
      endMs: performance.now() - t0,
    });
    return res;
  };
  const loop = async (b: Buyer, i: number) => {
    for (let n = 0; running; n++) {
      const hold = await timed<{ holdId: string }>(
        'hold',
        'POST',
        `/v1/sessions/${opts.sessionId}/holds`,
        b.token,
        {
          tierId: opts.tierId,
          count: 1,
          buyerIds: [b.buyerId],
        },
      );
      if (hold.status === 201) {
        report.heldIds.add(hold.body.holdId);
        if ((n + i) % 2 === 0) {
          const order = await timed<{ orderNumber: string }>(
            'order',
            'POST',
            '/v1/orders',
            b.token,
            { holdId: hold.body.holdId },
            { 'idempotency-key': randomUUID() },
          );
          if (order.status === 202)
            report.accepted.push({ orderNumber: order.body.orderNumber, token: b.token });
          else await timed('release', 'DELETE', `/v1/holds/${hold.body.holdId}`, b.token);
        } else {
          await timed('release', 'DELETE', `/v1/holds/${hold.body.holdId}`, b.token);
        }
      }
      if (n % 3 === 0) {
        await timed('seat map', 'GET', `/v1/sessions/${opts.sessionId}/seats`);
        await timed('program', 'GET', `/v1/programs/${opts.programId}`);
      }
      if (report.answers.at(-1)?.status === 503 || hold.status === 503) await sleep(100);
    }
  };
  const loops = opts.buyers.map((b, i) => loop(b, i));
  return {
    /** Milliseconds since the load started. */
    now: () => performance.now() - t0,
    stop: async (): Promise<LoadReport> => {
      running = false;
      await Promise.all(loops);
      return report;
    },
  };
}

/**
 * What every answer must be: a success, a 503 `UNAVAILABLE` with retry-after, or a refusal
 * the drill names; never another 5xx, never slower than `budgetMs` (no hang). Answers asked
 * and given inside the fault window must be 503s, except those `degraded` allows as 200s.
 */
export function judgeAnswers(
  answers: Answer[],
  fault: { fromMs: number; toMs: number; budgetMs: number; unaffected?: string[] },
): { during: Answer[] } {
  for (const a of answers) {
    const text = JSON.stringify(a);
    expect(a.status, text).not.toBe(500);
    if (a.status >= 500) expect(a, text).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    if (a.status === 503) expect(Number(a.retryAfter), text).toBeGreaterThan(0);
    expect(a.endMs - a.startMs, text).toBeLessThan(fault.budgetMs);
  }
  const during = answers.filter((a) => a.startMs >= fault.fromMs && a.endMs <= fault.toMs);
  for (const a of during) {
    if (fault.unaffected?.includes(a.what)) continue;
    const text = JSON.stringify(a);
    if (a.status === 200)
      expect(a.dataAge, `a 200 during the fault must be a stored copy: ${text}`).not.toBeNull();
    else expect(a.status, text).toBe(503);
  }
  return { during };
}

interface OrderView {
  orderNumber: string;
  status: string;
  failureReason?: string;
  seats: { seatId: string }[];
}

/**
 * After recovery, the invariants, exactly: every accepted order written (not PENDING) once
 * and listed once for its buyer, no seat in two live orders, every ACTIVE hold one the API
 * said it made, the session's Redis inventory consistent (counters = seat states), and
 * reconcile finding no drift (or only drift its repair removes, then none).
 */
export async function checkAfterRecovery(opts: {
  report: LoadReport;
  sessionId: string;
  redis: Redis;
  /**
   * Redis lost its data: an order accepted just before, whose message was still queued, is
   * unknown to the rebuild; if its seat was sold again before the message was written, the
   * writer records it FAILED (SEAT_TAKEN) and DynamoDB keeps the seat with the other order.
   */
  redisLost?: boolean;
}): Promise<{ written: number; repaired: number; lostToRebuild: number }> {
  const { report, sessionId } = opts;
  const orders: OrderView[] = [];
  const lost: OrderView[] = [];
  for (const { orderNumber, token } of report.accepted) {
    let order: OrderView | undefined;
    for (let i = 0; i < 300; i++) {
      const res = await call<OrderView>('GET', `/v1/orders/${orderNumber}`, { token });
      if (res.status === 200 && res.body.status !== 'PENDING') {
        order = res.body;
        break;
      }
      await sleep(100);
    }
    expect(order, `accepted order ${orderNumber} written`).toBeDefined();
    if (opts.redisLost && order!.status === 'FAILED') {
      expect(order!.failureReason, JSON.stringify(order)).toBe('SEAT_TAKEN');
      lost.push(order!);
      continue;
    }
    expect(order!.status, JSON.stringify(order)).toBe('PENDING_PAYMENT');
    orders.push(order!);
  }
  // A seat an accepted order lost to the rebuild is another live order's, never nobody's.
  const liveSeats = new Set(orders.flatMap((o) => o.seats.map((s) => s.seatId)));
  for (const o of lost)
    for (const s of o.seats) expect(liveSeats.has(s.seatId), JSON.stringify(o)).toBe(true);
  // Each buyer's orders are exactly the accepted ones, each once: none the buyer was told
  // had failed (503) exists (a late message of a rolled-back send is dropped, not written).
  for (const token of report.tokens) {
    const mine = report.accepted.filter((a) => a.token === token).map((a) => a.orderNumber);
    const listed = await call<{ items: { orderNumber: string }[] }>('GET', '/v1/orders?limit=100', { token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((o) => o.orderNumber).sort()).toEqual(mine.sort());
  }
  const seats = orders.flatMap((o) => o.seats.map((s) => s.seatId));
  expect(new Set(seats).size, 'no seat in two live orders').toBe(seats.length);

  const k = sessionKeys(sessionId);
  const layout = JSON.parse((await opts.redis.get(k.layout))!) as SessionLayout;
  expect(await inventoryViolations(opts.redis, layout)).toEqual([]);
  for (const key of await opts.redis.keys(`${k.hold('')}*`)) {
    const h = await opts.redis.hmget(key, 'status', 'orderNumber');
    if (h[0] !== 'ACTIVE') continue;
    const holdId = key.slice(k.hold('').length);
    expect(report.heldIds.has(holdId), `active hold ${holdId} was answered 201`).toBe(true);
  }

  const admin = await adminToken();
  const path = `/v1/admin/sessions/${sessionId}/reconcile`;
  const first = await call<{ mismatchCount: number; repaired: number }>('POST', path, {
    token: admin,
    body: { repair: true },
  });
  expect(first.status).toBe(200);
  const second = await call<{ mismatchCount: number }>('POST', path, { token: admin });
  expect(second.body.mismatchCount).toBe(0);
  return { written: orders.length, repaired: first.body.repaired, lostToRebuild: lost.length };
}

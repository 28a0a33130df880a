/**
 * The capacity replay (`npm run bench -- --capacity`, and a phase of every bench run): an
 * on-sale of `buyers` people arriving over `arrivalSeconds` is admitted by the product's own
 * waiting room (RedisWaitingRoom: its Lua scripts on a real Redis, driven by a simulated
 * clock in 100 ms steps), its admitted buyers' holds are served at the session shard's
 * measured hold rate, and every request the on-sale makes is counted per AWS service,
 * second by second. Out come the time to sell out, the queue wait percentiles, the peak load
 * each service sees (against its default quota) and what the on-sale costs.
 *
 * What is modelled, not measured, is named in BUYER (how people behave) and SERVICE (how long
 * each function runs, what each write costs, list prices); docs/CAPACITY.md discusses them.
 */

import { queueKeys, RedisWaitingRoom } from '#features/waiting-room/redis-waiting-room.ts';
import {
  PRE_QUEUE_SPREAD_SECONDS,
  preQueuePollAfter,
  waitingPollAfter,
} from '#features/waiting-room/waiting-room.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import { prng } from '../test/support/prng.ts';
import { percentile } from './stats.ts';

/** How buyers behave (assumptions, documented in docs/CAPACITY.md). */
export const BUYER = {
  /** Share of the buyers who arrive before the opening (the pre-queue, shuffled at the opening). */
  preQueueShare: 0.35,
  /** Seconds before the opening the pre-queue arrivals spread over. */
  preQueueSeconds: 20,
  /** After the opening, arrivals decay exponentially with this time constant (s). */
  arrivalDecaySeconds: 8,
  /** Seats per buyer: [count, share]. Mean 2.45. */
  seats: [
    [1, 0.15],
    [2, 0.5],
    [3, 0.1],
    [4, 0.25],
  ] as const,
  /** Admission to hold request: loading the seat map and choosing (s, uniform). */
  thinkSeconds: [5, 20] as const,
  /** Hold to order (s, uniform). */
  orderSeconds: [10, 40] as const,
  /** Order to payment (s, uniform). Everybody pays: unpaid holds would only delay the sell-out. */
  paySeconds: [5, 15] as const,
  /** Order status polls per order until it is written (V4 path). */
  orderPolls: 2,
};

/**
 * Per request: how long each function runs (ms, billed), what it costs downstream, and list
 * prices (us-east-1, USD, 2025; check before the day). Durations: the hold's handler CPU is
 * measured by `holdHandlerCpuUs`; the rest are estimates from the same in-process runs plus
 * a network round trip per dependency.
 */
export const SERVICE = {
  lambdaMs: {
    queueJoin: 10,
    queueStatus: 3,
    seatMap: 6,
    hold: 8,
    orderPost: 12,
    orderGet: 4,
    paymentPost: 150,
    orderWriter: 40,
    ticketIssuer: 60,
  },
  lambdaGb: 1,
  /** DynamoDB write units: transactions cost double; one item per seat plus the order. */
  wru: {
    orderWrite: (seats: number) => 2 * (1 + seats) + 1, // + the idempotency record
    payment: (seats: number) => 2 * (1 + seats),
    tickets: (seats: number) => 2 * seats,
  },
  /** Session shard Lua calls per request (hold; mark ordered; confirm on payment). */
  redisSessionCalls: { hold: 1, order: 1, payment: 1 },
  priceUsd: {
    apiGatewayPerMillion: 1.0,
    lambdaRequestsPerMillion: 0.2,
    lambdaGbSecond: 0.0000166667,
    sqsPerMillion: 0.4,
    dynamoDbWruPerMillion: 0.625,
    eventBridgeEventsPerMillion: 1.0,
    schedulerInvocationsPerMillion: 1.0,
  },
  /** Default quotas (per account and region) the peak is compared with. */
  defaultQuota: {
    apiGatewayRps: 10_000,
    lambdaConcurrency: 1_000,
    schedulerCreatePerSec: 1_000,
    eventBridgePutEventsPerSec: 10_000,
    dynamoDbTableWruPerSec: 40_000,
  },
};

export interface ReplayInput {
  clients: RedisClient[];
  buyers: number;
  arrivalSeconds: number;
  seats: number;
  /** The session shard's measured hold rate (holds/s): the server the holds queue for. */
  holdsPerSecond: number;
  /** Default: a quarter of the hold rate, per minute (releases, orders and payments share the shard). */
  admitPerMinute?: number;
  /** The queue shard's join rate (joins/s); default: measured on these clients first. */
  joinsPerSecond?: number;
  /** Seconds of simulated time after the opening at most. */
  maxSeconds?: number;
  onProgress?: (simSeconds: number) => void;
}

export interface ServiceLoad {
  apiGatewayRps: number;
  lambdaConcurrency: number;
  lambdaInvocationsPerSec: number;
  redisSessionCallsPerSec: number;
  redisQueueCallsPerSec: number;
  sqsMessagesPerSec: number;
  dynamoDbWruPerSec: number;
  schedulerCreatePerSec: number;
  eventBridgeEventsPerSec: number;
  holdsPerSec: number;
}

export interface ReplayResult {
  buyers: number;
  seats: number;
  holdsPerSecond: number;
  admitPerMinute: number;
  sellOutSeconds: number | null;
  queueWaitP50Seconds: number;
  queueWaitP90Seconds: number;
  queueWaitP99Seconds: number;
  /** The queue shard's measured join rate, and the longest a join waited for it (s). */
  joinsPerSecond: number;
  joinBacklogMaxSeconds: number;
  /** Longest a hold waited for the shard (s): above 0 the shard was the bottleneck. */
  holdQueueMaxSeconds: number;
  admittedBeforeSellOut: number;
  /** Bytes the waiting room's keys take at the end (every buyer's place). */
  queueRedisBytes: number;
  holds: number;
  soldOutAnswers: number;
  peak: ServiceLoad;
  /** The second (from the opening) of the API's peak, and its requests by function. */
  peakApi: { second: number; byFunction: Record<string, number> };
  totals: {
    apiRequests: number;
    lambdaGbSeconds: number;
    dynamoDbWru: number;
    events: number;
    orders: number;
  };
  costUsd: Record<string, number>;
  overDefaultQuota: string[];
  wallSeconds: number;
}

const T0 = Date.parse('2031-07-01T12:00:00Z');
const STEP_MS = 100;

/** Arrival times (ms from the opening), sorted: the pre-queue share before, a decaying rush after. */
export function arrivalCurve(buyers: number, arrivalSeconds: number): Float64Array {
  const out = new Float64Array(buyers);
  const after = arrivalSeconds - BUYER.preQueueSeconds;
  const tau = BUYER.arrivalDecaySeconds;
  for (let i = 0; i < buyers; i++) {
    const u = (i + 0.5) / buyers;
    if (u < BUYER.preQueueShare) {
      out[i] = (-BUYER.preQueueSeconds + (BUYER.preQueueSeconds * u) / BUYER.preQueueShare) * 1000;
    } else {
      const v = (u - BUYER.preQueueShare) / (1 - BUYER.preQueueShare);
      out[i] = -tau * Math.log(1 - v * (1 - Math.exp(-after / tau))) * 1000;
    }
  }
  return out;
}

/** Polls per second of `waiting` places behind the serving counter (the clients' own pacing). */
export function waitingPollsPerSecond(waiting: number, admitPerMinute: number): number {
  const interval = 60 / admitPerMinute;
  const pollAfter = (ahead: number) => waitingPollAfter(admitPerMinute, ahead, Math.ceil(ahead * interval));
  let total = 0;
  let ahead = 0;
  while (ahead < waiting) {
    const p = pollAfter(ahead);
    // The interval never shrinks further back in the line: binary-search the last place told `p`.
    let lo = ahead;
    let hi = waiting - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (pollAfter(mid) === p) lo = mid;
      else hi = mid - 1;
    }
    const last = lo;
    total += (last - ahead + 1) / p;
    ahead = last + 1;
  }
  return total;
}

const pick = (r: () => number, [lo, hi]: readonly [number, number]) => lo + (hi - lo) * r();

function seatsWanted(r: () => number): number {
  let u = r();
  for (const [n, share] of BUYER.seats) {
    if (u < share) return n;
    u -= share;
  }
  return BUYER.seats[BUYER.seats.length - 1]![0];
}

/** Runs `fn` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>) {
  for (let i = 0; i < items.length; i += width) {
    await Promise.all(items.slice(i, i + width).map((item, j) => fn(item, i + j)));
  }
}

/** Joins per second the queue's script sustains on these clients: 20,000 joins, 512 in flight. */
async function measureJoinRate(rooms: RedisWaitingRoom[], client: RedisClient): Promise<number> {
  const sessionId = `capacityjoins${Math.floor(Math.random() * 1e9)}`;
  await rooms[0]!.configure(sessionId, {
    enabled: true,
    admitPerMinute: 60,
    admissionTtlSeconds: 600,
    captcha: false,
    opensAtMs: T0,
    claimWindowMs: 60_000,
  });
  const n = 20_000;
  const started = performance.now();
  await inBatches(
    Array.from({ length: n }, (_, i) => i),
    512,
    async (i) => {
      await rooms[i % rooms.length]!.join(sessionId, `j${i}`, T0 + 1000, i);
    },
  );
  const rate = n / ((performance.now() - started) / 1000);
  await client.del(...queueKeys(sessionId));
  return rate;
}

export async function capacityReplay(input: ReplayInput): Promise<ReplayResult> {
  const started = performance.now();
  const { buyers, seats, holdsPerSecond } = input;
  const admitPerMinute = input.admitPerMinute ?? Math.max(60, Math.floor(holdsPerSecond * 15));
  const rooms = input.clients.map((c) => new RedisWaitingRoom(c));
  const sessionId = `capacity${Math.floor(Math.random() * 1e9)}`;
  await rooms[0]!.configure(sessionId, {
    enabled: true,
    admitPerMinute,
    admissionTtlSeconds: 600,
    captcha: false,
    opensAtMs: T0,
    claimWindowMs: 60_000,
  });
  const r = prng(42); // the same replay every run
  const arrivals = arrivalCurve(buyers, input.arrivalSeconds);
  const userId = (i: number) => `c${i}`;
  const userAtPos = new Int32Array(buyers + 1).fill(-1);
  const joinedAt = new Float64Array(buyers);
  const waits: number[] = [];
  const maxSeconds = input.maxSeconds ?? 3600;
  const steps = Math.ceil((maxSeconds + BUYER.preQueueSeconds) * (1000 / STEP_MS)) + 1;
  /** Scheduled buyer actions per step: [kind, user, seats]. */
  const agenda: [number, number, number][][] = [];
  const at = (ms: number) => Math.floor((ms + BUYER.preQueueSeconds * 1000) / STEP_MS);
  let pending = 0;
  const schedule = (ms: number, kind: number, user: number, n: number) => {
    const s = at(ms);
    if (s >= steps) return;
    const list = agenda[s] ?? [];
    agenda[s] = list;
    list.push([kind, user, n]);
    pending++;
  };
  const HOLD = 0;
  const ORDER = 1;
  const PAY = 2;

  const perSecond = new Map<number, ServiceLoad>();
  const zero = (): ServiceLoad => ({
    apiGatewayRps: 0,
    lambdaConcurrency: 0,
    lambdaInvocationsPerSec: 0,
    redisSessionCallsPerSec: 0,
    redisQueueCallsPerSec: 0,
    sqsMessagesPerSec: 0,
    dynamoDbWruPerSec: 0,
    schedulerCreatePerSec: 0,
    eventBridgeEventsPerSec: 0,
    holdsPerSec: 0,
  });
  const loadAt = (sec: number): ServiceLoad => {
    const load = perSecond.get(sec) ?? zero();
    perSecond.set(sec, load);
    return load;
  };
  /** Requests per second by function, to name what makes the API's peak. */
  const apiByFunction: Record<number, Partial<Record<keyof typeof SERVICE.lambdaMs, number>>> = {};
  const totals = {
    apiRequests: 0,
    lambdaGbSeconds: 0,
    dynamoDbWru: 0,
    events: 0,
    orders: 0,
    schedulerCreates: 0,
  };
  /** Counts `n` invocations of a function behind API Gateway (or not) in the second of `ms`. */
  const invoke = (ms: number, fn: keyof typeof SERVICE.lambdaMs, n: number, viaApi = true) => {
    const sec = Math.floor(ms / 1000);
    const load = loadAt(sec);
    if (viaApi) {
      load.apiGatewayRps += n;
      const byFn = apiByFunction[sec] ?? {};
      apiByFunction[sec] = byFn;
      byFn[fn] = (byFn[fn] ?? 0) + n;
    }
    load.lambdaInvocationsPerSec += n;
    load.lambdaConcurrency += (n * SERVICE.lambdaMs[fn]) / 1000;
    if (viaApi) totals.apiRequests += n;
    totals.lambdaGbSeconds += (n * SERVICE.lambdaMs[fn] * SERVICE.lambdaGb) / 1000;
  };
  const count = (
    ms: number,
    field: Exclude<keyof ServiceLoad, 'apiGatewayRps' | 'lambdaConcurrency'>,
    n: number,
  ) => {
    loadAt(Math.floor(ms / 1000))[field] += n;
  };

  let available = seats;
  let sellOutMs: number | null = null;
  let served = 0;
  let mapped = false;
  let nextArrival = 0;
  const holdQueue: { user: number; n: number; since: number }[] = [];
  let holdHead = 0;
  let credit = 0;
  let holds = 0;
  let soldOutAnswers = 0;
  let admittedBeforeSellOut = 0;
  let holdQueueMaxMs = 0;
  let tail = 0;
  let preQueue = 0;
  let sealedCount = 0;
  const joinsPerSecond = input.joinsPerSecond ?? (await measureJoinRate(rooms, input.clients[0]!));
  const joinBacklog: number[] = [];
  let joinHead = 0;
  let joinCredit = 0;
  let joinBacklogMaxMs = 0;

  for (let step = 0; step < steps; step++) {
    const t = step * STEP_MS - BUYER.preQueueSeconds * 1000;
    const now = T0 + t;
    // 1. Arrivals join (a place each; after the opening, the position comes back at once).
    //    The queue's shard takes joins at the rate measured above; the rest wait their turn
    //    (their queue wait still counts from their arrival).
    while (nextArrival < buyers && arrivals[nextArrival]! <= t) {
      joinedAt[nextArrival] = arrivals[nextArrival]!;
      joinBacklog.push(nextArrival++);
    }
    joinCredit = Math.min(joinCredit + (joinsPerSecond * STEP_MS) / 1000, joinsPerSecond);
    const take = Math.min(Math.floor(joinCredit), joinBacklog.length - joinHead);
    joinCredit -= take;
    const joining = joinBacklog.slice(joinHead, joinHead + take);
    joinHead += take;
    if (joinHead < joinBacklog.length)
      joinBacklogMaxMs = Math.max(joinBacklogMaxMs, t - joinedAt[joinBacklog[joinHead]!]!);
    if (joinHead > 100_000) {
      joinBacklog.splice(0, joinHead);
      joinHead = 0;
    }
    await inBatches(joining, 512, async (u, i) => {
      const out = await rooms[i % rooms.length]!.join(sessionId, userId(u), now, Math.floor(r() * 2 ** 48));
      if (out.kind === 'placed' && out.place.position > 0) userAtPos[out.place.position] = u;
      else preQueue++;
    });
    invoke(t, 'queueJoin', joining.length);
    count(t, 'redisQueueCallsPerSec', joining.length);
    // 2. Polls, each client at the interval the product tells it. The pre-queue: far from the
    //    opening at a fifth of the time to it; within 50 s of it, once, spread over the
    //    first PRE_QUEUE_SPREAD_SECONDS after it (then as places in the line).
    let waitingPolls: number;
    if (t < 0) {
      const untilOpen = Math.ceil(-t / 1000);
      waitingPolls = untilOpen > 50 ? preQueue / preQueuePollAfter(untilOpen, 0) : 0;
    } else if (t < PRE_QUEUE_SPREAD_SECONDS * 1000) {
      const joinedSince = Math.max(0, tail - Math.max(served, sealedCount));
      waitingPolls =
        sealedCount / PRE_QUEUE_SPREAD_SECONDS + waitingPollsPerSecond(joinedSince, admitPerMinute);
    } else {
      waitingPolls = waitingPollsPerSecond(Math.max(0, tail - served), admitPerMinute);
    }
    invoke(t, 'queueStatus', (waitingPolls * STEP_MS) / 1000);
    // 3. The line moves: whoever is due is admitted, and claims at its next (2 s) poll.
    if (t >= 0) {
      const line = await rooms[0]!.pump(sessionId, now);
      count(t, 'redisQueueCallsPerSec', 1);
      if (line && !mapped && line.sealed) {
        // The opening fixed the pre-queue's order: a place's position is its rank by the random
        // score it drew (as includes/waitingRoom reads it), so read the ranks once.
        const [, pre] = queueKeys(sessionId) as [string, string];
        const chunk = 50_000;
        for (let from = 0; ; from += chunk) {
          const ids = await input.clients[0]!.zrange(pre, from, from + chunk - 1);
          ids.forEach((id, i) => {
            userAtPos[from + i + 1] = Number(id.slice(1));
          });
          if (ids.length < chunk) break;
        }
        mapped = true;
        sealedCount = preQueue;
        preQueue = 0;
      }
      if (line) {
        tail = line.tail;
        const admitted: number[] = [];
        for (let pos = served + 1; pos <= line.served; pos++) {
          const u = userAtPos[pos]!;
          if (u >= 0) admitted.push(u);
        }
        served = line.served;
        await inBatches(admitted, 512, async (u, i) => {
          await rooms[i % rooms.length]!.status(sessionId, userId(u), now);
        });
        count(t, 'redisQueueCallsPerSec', admitted.length);
        for (const u of admitted) {
          // Admitted after the sell-out: the seat map says so; no hold is tried.
          invoke(t, 'seatMap', 1);
          if (sellOutMs !== null) continue;
          waits.push((t - Math.max(joinedAt[u]!, 0)) / 1000);
          admittedBeforeSellOut++;
          schedule(t + pick(r, BUYER.thinkSeconds) * 1000, HOLD, u, seatsWanted(r));
        }
      }
    }
    // 4. Buyers act: hold requests queue for the shard; orders return places; payments.
    const finishing: number[] = [];
    for (const [kind, u, n] of agenda[step] ?? []) {
      pending--;
      if (kind === HOLD) {
        holdQueue.push({ user: u, n, since: t });
        invoke(t, 'hold', 1);
      } else if (kind === ORDER) {
        finishing.push(u);
        invoke(t, 'orderPost', 1);
        invoke(t, 'orderGet', BUYER.orderPolls);
        invoke(t, 'orderWriter', 1, false);
        count(t, 'sqsMessagesPerSec', 1);
        count(t, 'redisSessionCallsPerSec', SERVICE.redisSessionCalls.order);
        count(t, 'dynamoDbWruPerSec', SERVICE.wru.orderWrite(n));
        totals.dynamoDbWru += SERVICE.wru.orderWrite(n);
        totals.orders++;
        schedule(t + pick(r, BUYER.paySeconds) * 1000, PAY, u, n);
      } else {
        invoke(t, 'paymentPost', 1);
        invoke(t, 'ticketIssuer', 1, false);
        count(t, 'redisSessionCallsPerSec', SERVICE.redisSessionCalls.payment);
        const wru = SERVICE.wru.payment(n) + SERVICE.wru.tickets(n);
        count(t, 'dynamoDbWruPerSec', wru);
        totals.dynamoDbWru += wru;
        count(t, 'eventBridgeEventsPerSec', 2); // OrderPaid, TicketsIssued
        totals.events += 2;
      }
    }
    await inBatches(finishing, 512, async (u, i) => {
      await rooms[i % rooms.length]!.finish(sessionId, userId(u));
    });
    count(t, 'redisQueueCallsPerSec', finishing.length);
    // 5. The shard serves holds at its measured rate, first come first served.
    credit = Math.min(credit + (holdsPerSecond * STEP_MS) / 1000, holdsPerSecond);
    while (credit >= 1 && holdHead < holdQueue.length) {
      const h = holdQueue[holdHead++]!;
      credit -= 1;
      holdQueueMaxMs = Math.max(holdQueueMaxMs, t - h.since);
      count(t, 'redisSessionCallsPerSec', SERVICE.redisSessionCalls.hold);
      count(t, 'holdsPerSec', 1);
      if (available === 0) {
        soldOutAnswers++;
        continue;
      }
      // Fewer seats than wanted left: the buyer takes what the SOLD_OUT answer says remains.
      const n = Math.min(h.n, available);
      available -= n;
      holds++;
      count(t, 'schedulerCreatePerSec', 1);
      totals.schedulerCreates++;
      if (available === 0) sellOutMs = t;
      schedule(t + pick(r, BUYER.orderSeconds) * 1000, ORDER, h.user, n);
    }
    if (holdHead > 100_000) {
      holdQueue.splice(0, holdHead);
      holdHead = 0;
    }
    if (step % 50 === 0) input.onProgress?.(t / 1000);
    agenda[step] = [];
    // Done once every buyer's actions are over: sold out and paid, or nobody left to come.
    const idle = pending === 0 && holdHead === holdQueue.length && joinHead === joinBacklog.length;
    if (idle && (sellOutMs !== null || (nextArrival === buyers && t > 0 && served >= tail))) break;
  }
  // What the line costs in Redis (the queue's own shard): every key of it, all elements counted.
  let queueRedisBytes = 0;
  for (const key of queueKeys(sessionId)) {
    queueRedisBytes += Number((await input.clients[0]!.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
  }
  await input.clients[0]!.del(...queueKeys(sessionId));

  let peak = zero();
  for (const load of perSecond.values()) {
    peak = Object.fromEntries(
      Object.entries(peak).map(([k, v]) => [k, Math.max(v, load[k as keyof ServiceLoad])]),
    ) as unknown as ServiceLoad;
  }
  const rounded = Object.fromEntries(
    Object.entries(peak).map(([k, v]) => [k, Math.round(v)]),
  ) as unknown as ServiceLoad;
  let peakSecond = 0;
  for (const [sec, load] of perSecond) if (load.apiGatewayRps === peak.apiGatewayRps) peakSecond = sec;
  const peakApi = {
    second: peakSecond,
    byFunction: Object.fromEntries(
      Object.entries(apiByFunction[peakSecond] ?? {}).map(([k, v]) => [k, Math.round(v)]),
    ),
  };
  const lambdaInvocations = [...perSecond.values()].reduce((s, l) => s + l.lambdaInvocationsPerSec, 0);
  const p = SERVICE.priceUsd;
  const costUsd = {
    apiGateway: (totals.apiRequests / 1e6) * p.apiGatewayPerMillion,
    lambda:
      (lambdaInvocations / 1e6) * p.lambdaRequestsPerMillion + totals.lambdaGbSeconds * p.lambdaGbSecond,
    sqs: ((totals.orders * 3) / 1e6) * p.sqsPerMillion, // send, receive, delete
    dynamoDb: (totals.dynamoDbWru / 1e6) * p.dynamoDbWruPerMillion,
    eventBridge: (totals.events / 1e6) * p.eventBridgeEventsPerMillion,
  };
  const q = SERVICE.defaultQuota;
  const over: string[] = [];
  if (rounded.apiGatewayRps > q.apiGatewayRps)
    over.push(`API Gateway ${rounded.apiGatewayRps} rps > ${q.apiGatewayRps}`);
  if (rounded.lambdaConcurrency > q.lambdaConcurrency)
    over.push(`Lambda concurrency ${rounded.lambdaConcurrency} > ${q.lambdaConcurrency}`);
  if (rounded.schedulerCreatePerSec > q.schedulerCreatePerSec)
    over.push(`Scheduler CreateSchedule ${rounded.schedulerCreatePerSec}/s > ${q.schedulerCreatePerSec}`);
  if (rounded.dynamoDbWruPerSec > q.dynamoDbTableWruPerSec)
    over.push(`DynamoDB ${rounded.dynamoDbWruPerSec} WRU/s > ${q.dynamoDbTableWruPerSec}`);
  waits.sort((a, b) => a - b);
  const round1 = (x: number) => Number(x.toFixed(1));
  return {
    buyers,
    seats,
    holdsPerSecond: Math.round(holdsPerSecond),
    admitPerMinute,
    sellOutSeconds: sellOutMs === null ? null : round1(sellOutMs / 1000),
    queueWaitP50Seconds: round1(percentile(waits, 50)),
    queueWaitP90Seconds: round1(percentile(waits, 90)),
    queueWaitP99Seconds: round1(percentile(waits, 99)),
    joinsPerSecond: Math.round(joinsPerSecond),
    joinBacklogMaxSeconds: round1(joinBacklogMaxMs / 1000),
    holdQueueMaxSeconds: round1(holdQueueMaxMs / 1000),
    admittedBeforeSellOut,
    queueRedisBytes,
    holds,
    soldOutAnswers,
    peak: rounded,
    peakApi,
    totals: {
      apiRequests: Math.round(totals.apiRequests),
      lambdaGbSeconds: Math.round(totals.lambdaGbSeconds),
      dynamoDbWru: totals.dynamoDbWru,
      events: totals.events,
      orders: totals.orders,
    },
    costUsd: Object.fromEntries(Object.entries(costUsd).map(([k, v]) => [k, Number(v.toFixed(2))])),
    overDefaultQuota: over,
    wallSeconds: round1((performance.now() - started) / 1000),
  };
}

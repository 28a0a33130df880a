import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { LineSnapshot } from '#features/waiting-room/port.ts';
import { queueKeys, RedisWaitingRoom } from '#features/waiting-room/redis-waiting-room.ts';
import { CLAIM_WINDOW_MS } from '#features/waiting-room/waiting-room.ts';
import { testRedis, uniqueId } from '../support/fixtures.ts';
import { prng } from '../support/prng.ts';

const redis = testRedis();
const room = new RedisWaitingRoom(redis);
afterAll(() => redis.quit());

/** A binary min-heap: the simulation's event queue. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly before: (a: T, b: T) => number) {}

  push(item: T): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.before(a[i]!, a[parent]!) >= 0) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  peek(): T | undefined {
    return this.items[0];
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.before(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.before(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

interface Sim {
  rate: number;
  users: number;
  abandonShare: number;
  finishShare: number;
  seed: number;
}

interface Observation {
  t: number;
  line: LineSnapshot;
  /** Someone still polling was waiting after this call. */
  activeWaiting: boolean;
}

const OPEN = Date.parse('2031-01-01T10:00:00Z');
const TTL_S = 120;

/**
 * An on-sale in simulated time: users arrive from 20 s before the opening to 60 s after, poll
 * every 2–15 s while they wait; some abandon (stop polling for good at a random moment), the
 * rest claim their admission at their next poll and then either order (finish) within a minute
 * or let the admission run out. Every call goes to the real scripts with the simulated time.
 */
async function simulate(p: Sim) {
  const rnd = prng(p.seed);
  const sessionId = uniqueId('sim');
  await room.configure(sessionId, {
    enabled: true,
    admitPerMinute: p.rate,
    admissionTtlSeconds: TTL_S,
    captcha: false,
    opensAtMs: OPEN,
    claimWindowMs: CLAIM_WINDOW_MS,
  });
  type Ev = { t: number; user: number; kind: 'join' | 'poll' | 'finish' };
  const events: Ev[] = [];
  const behaviour = Array.from({ length: p.users }, () => ({
    pollEveryMs: 2000 + Math.floor(rnd() * 13_000),
    abandonAt:
      rnd() < p.abandonShare ? OPEN - 20_000 + Math.floor(rnd() * 400_000) : Number.POSITIVE_INFINITY,
    finishes: rnd() < p.finishShare,
  }));
  for (let u = 0; u < p.users; u++)
    events.push({ t: OPEN - 20_000 + Math.floor(rnd() * 80_000), user: u, kind: 'join' });
  const observations: Observation[] = [];
  const positionOf = new Map<number, number>();
  const admittedPositions = new Map<number, number>();
  const waitingActive = new Set<number>();
  const queue = new MinHeap<Ev>((a, b) => a.t - b.t);
  for (const e of events) queue.push(e);
  const push = (e: Ev) => queue.push(e);
  // Events within the same 50 ms go out together, in time order on one pipelined connection
  // (Redis runs them in that order): concurrent requests, and a run that takes seconds.
  for (let first = queue.pop(); first; first = queue.pop()) {
    const batch = [first];
    while ((queue.peek()?.t ?? Number.POSITIVE_INFINITY) < first.t + 50) batch.push(queue.pop()!);
    const live = batch.filter((e) => e.kind === 'finish' || e.t < behaviour[e.user]!.abandonAt);
    for (const e of batch)
      if (e.kind !== 'finish' && e.t >= behaviour[e.user]!.abandonAt) waitingActive.delete(e.user);
    const replies = await Promise.all(
      live.map((e) => {
        const userId = `s${e.user}`;
        if (e.kind === 'finish') return room.finish(sessionId, userId).then(() => undefined);
        return e.kind === 'join'
          ? room.join(sessionId, userId, e.t, Math.floor(rnd() * 2 ** 48))
          : room.status(sessionId, userId, e.t);
      }),
    );
    live.forEach((e, i) => {
      const out = replies[i];
      if (out === undefined) return; // a finish
      if (out.kind !== 'placed') throw new Error(`unexpected ${out.kind}`);
      const b = behaviour[e.user]!;
      const place = out.place;
      if (place.position > 0) positionOf.set(e.user, place.position);
      if (place.status === 'ADMITTED' && !admittedPositions.has(e.user)) {
        admittedPositions.set(e.user, place.position);
        waitingActive.delete(e.user);
        if (b.finishes) push({ t: e.t + 1000 + Math.floor(rnd() * 60_000), user: e.user, kind: 'finish' });
      } else if (place.status === 'PRE' || place.status === 'WAITING') {
        waitingActive.add(e.user);
        // As the API's pollAfterSeconds says: far from the front, poll less often (at most 30 s).
        const etaMs = place.position > 0 ? ((place.position - place.line.served) * 60_000) / p.rate : 0;
        push({ t: e.t + Math.max(b.pollEveryMs, Math.min(30_000, etaMs / 5)), user: e.user, kind: 'poll' });
      } else if (place.status === 'EXPIRED') {
        throw new Error(`user ${e.user} polls every ${b.pollEveryMs} ms but lost an offered place`);
      }
      observations.push({ t: e.t, line: place.line, activeWaiting: waitingActive.size > 0 });
    });
  }
  return { observations, positionOf, admittedPositions, sessionId };
}

/** Every user's place, from Redis: positions of joiners after the opening, ranks of the pre-queue. */
async function placesOf(sessionId: string): Promise<number[]> {
  const [, pre, users] = queueKeys(sessionId) as [string, string, string];
  const places = await redis.hgetall(users);
  const out: number[] = [];
  for (const [user, pos] of Object.entries(places)) {
    out.push(Number(pos) > 0 ? Number(pos) : (await redis.zrank(pre, user))! + 1);
  }
  return out.sort((a, b) => a - b);
}

/** The largest increase of `value` over any window of `windowMs` (increases happen at observations). */
function maxInWindow(obs: Observation[], windowMs: number, value: (o: Observation) => number): number {
  let worst = 0;
  let i = 0;
  for (let j = 0; j < obs.length; j++) {
    // The increases from observation i+1 to j all happened within a span shorter than the window.
    while (i < j && obs[j]!.t - obs[i + 1]!.t >= windowMs) i++;
    worst = Math.max(worst, value(obs[j]!) - value(obs[i]!));
  }
  return worst;
}

describe('waiting-room admission in a simulated on-sale (real Redis, fast-check)', () => {
  it('never admits above the pace plus returned places, never twice, keeps places dense and never stalls', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          rate: fc.constantFrom(6000, 12_000),
          users: fc.constant(10_000),
          abandonShare: fc.double({ min: 0, max: 0.4, noNaN: true }),
          finishShare: fc.double({ min: 0, max: 1, noNaN: true }),
          seed: fc.integer(),
        }),
        async (p) => {
          const { observations: obs, positionOf, admittedPositions, sessionId } = await simulate(p);
          // Places: dense and unique (1..joiners), and no place admitted to two people.
          // Every place in Redis (a pre-queue joiner who left before the opening never saw theirs).
          const positions = await placesOf(sessionId);
          expect(positions).toEqual(positions.map((_, i) => i + 1));
          for (const [user, pos] of positionOf) expect(positions[pos - 1], `user ${user}`).toBe(pos);
          expect(new Set(admittedPositions.values()).size).toBe(admittedPositions.size);
          // Pace: paced admissions never above ceil(rate/6) in 10 s, nor the rate in 60 s.
          const paced = (o: Observation) => o.line.admitted.paced;
          expect(maxInWindow(obs, 10_000, paced)).toBeLessThanOrEqual(Math.ceil(p.rate / 6));
          expect(maxInWindow(obs, 60_000, paced)).toBeLessThanOrEqual(p.rate);
          // Returned places: never more extra admissions than places given back, at any moment.
          for (const o of obs) expect(o.line.admitted.returned).toBeLessThanOrEqual(o.line.returnedPlaces);
          // No stall: while someone is waiting and polling, the line moves within 2 s (+ a poll gap).
          for (let i = 0, j = 0; i < obs.length; i++) {
            const o = obs[i]!;
            if (!o.activeWaiting || o.t < OPEN) continue;
            while (j < obs.length && obs[j]!.t < o.t + 17_000) j++;
            if (j >= obs.length) break;
            expect(obs[j]!.line.served, `stalled after ${o.t - OPEN} ms`).toBeGreaterThan(o.line.served);
          }
          // And the pace is used: the first minute admits close to the rate, or everyone in line.
          const minute = obs.filter((o) => o.t >= OPEN && o.t < OPEN + 60_000);
          const admittedFirstMinute = minute.at(-1)!.line.served - minute[0]!.line.served;
          const inLine = minute.at(-1)!.line.tail;
          expect(admittedFirstMinute).toBeGreaterThanOrEqual(Math.floor(Math.min(p.rate, inLine) * 0.9));
        },
      ),
      // Each run is a 10,000-user on-sale: no shrinking (a failure names its seed, which replays it).
      { numRuns: 2, endOnFailure: true },
    );
  }, 240_000);
});

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '#kernel/errors.ts';
import { SessionGeometry, type SessionLayout } from '#kernel/session-layout.ts';
import { expireHold, HoldNotYetExpiredError, sweepExpiredHolds } from '#shared/booking/expiry.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import { bestTogether, fewestGroups } from '../support/best-available-model.ts';
import { hotPathDeps, layoutOf, noOrders, recordingBus, testRedis, uniqueId } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';

const client = testRedis();
afterAll(() => client.quit());

const USERS = ['u0', 'u1', 'u2'];
const TTL = 100;

type Op =
  | { kind: 'holdSeats'; user: number; seats: number[] }
  | { kind: 'holdAuto'; user: number; tier: 'A' | 'B' | 'Z'; count: number; best: boolean }
  | { kind: 'release'; pick: number; byOwner: boolean }
  | { kind: 'expireOne'; pick: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'sweep' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('holdSeats' as const),
    user: fc.nat(2),
    seats: fc.array(fc.nat(21), { minLength: 1, maxLength: 5 }),
  }),
  fc.record({
    kind: fc.constant('holdAuto' as const),
    user: fc.nat(2),
    tier: fc.constantFrom('A' as const, 'B' as const, 'Z' as const),
    count: fc.integer({ min: 1, max: 5 }),
    best: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat(), byOwner: fc.boolean() }),
  fc.record({ kind: fc.constant('expireOne' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant('sweep' as const) }),
);

interface ModelHold {
  holdId: string;
  user: string;
  seats: number[];
  expiresAt: number;
  status: 'ACTIVE' | 'RELEASED' | 'EXPIRED';
}

/** The simple model: seat states and holds, with the same rules the Lua script enforces. */
class Model {
  states: string[];
  holds: ModelHold[] = [];
  constructor(
    readonly layout: SessionLayout,
    readonly geo: SessionGeometry,
  ) {
    this.states = Array(geo.seatCount).fill('0');
  }
  tierOf(seat: number) {
    return this.geo.seatView(seat).tierId;
  }
  rowOf(seat: number) {
    return this.geo.rows.findIndex((r) => seat >= r.start && seat < r.start + r.len);
  }
  limitUse(user: string, tier: string) {
    return this.holds
      .filter((h) => h.status === 'ACTIVE' && h.user === user)
      .flatMap((h) => h.seats)
      .filter((s) => this.tierOf(s) === tier).length;
  }
  /** Expected error code of a hold of these seats (in the script's check order), or undefined. */
  checkSeats(user: string, seats: number[]): string | undefined {
    if (seats.length > this.layout.maxPerOrder) return 'PURCHASE_LIMIT_EXCEEDED';
    if (new Set(seats).size !== seats.length) return 'VALIDATION_FAILED';
    if (seats.some((s) => this.states[s] !== '0')) return 'SEAT_UNAVAILABLE';
    return this.checkLimits(user, seats);
  }
  checkLimits(user: string, seats: number[]): string | undefined {
    for (const t of this.layout.tiers) {
      const n = seats.filter((s) => this.tierOf(s) === t.tierId).length;
      if (n > 0 && this.limitUse(user, t.tierId) + n > t.perUserLimit) return 'PURCHASE_LIMIT_EXCEEDED';
    }
    return undefined;
  }
  hasRun(tier: string, count: number) {
    return this.geo.rows.some(
      (r) =>
        r.tierId === tier &&
        this.states
          .slice(r.start, r.start + r.len)
          .join('')
          .includes('0'.repeat(count)),
    );
  }
  end(hold: ModelHold, status: 'RELEASED' | 'EXPIRED') {
    hold.status = status;
    for (const s of hold.seats) this.states[s] = '0';
  }
}

describe('holds against a model (fast-check)', () => {
  it('agrees with the model after every hold, release, expiry and time step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        const layout: SessionLayout = layoutOf({
          sessionId: uniqueId('prop'),
          maxPerOrder: 4,
          tiers: [
            { tierId: 'A', name: 'A', priceCents: 300, perUserLimit: 3 },
            { tierId: 'B', name: 'B', priceCents: 100, perUserLimit: 4 },
          ],
          sections: [
            { name: 'A', tierId: 'A', rows: 2, seatsPerRow: 6 },
            { name: 'B', tierId: 'B', rows: 2, seatsPerRow: 5 },
          ],
        });
        const geo = new SessionGeometry(layout);
        const model = new Model(layout, geo);
        let now = Date.parse('2026-11-21T10:00:00Z');
        const clock = { now: () => now };
        const bus = recordingBus();
        let _expectedEvents = 0;
        const inventory = new RedisSeatInventory(client);
        await inventory.warmup({ layout, held: [], sold: [], force: false });
        const expiryDeps = hotPathDeps(client, { now: clock.now, bus }, { inventory, orders: noOrders });
        const sweepDeps = {
          ...expiryDeps,
          inventory: Object.assign(Object.create(inventory) as RedisSeatInventory, {
            // The sweeper walks every open session; keep it to this run's session.
            openSessions: async () => [layout.sessionId],
          }),
        };

        for (const op of ops) {
          if (op.kind === 'holdSeats' || op.kind === 'holdAuto') {
            const user = USERS[op.user]!;
            const holdId = uniqueId('h');
            let expected: string | undefined;
            let pick: Parameters<typeof inventory.hold>[0]['pick'];
            if (op.kind === 'holdSeats') {
              const seats = op.seats.filter((s) => s < geo.seatCount);
              if (seats.length === 0) continue;
              expected = model.checkSeats(user, seats);
              pick = { kind: 'seats', seats: seats.map((s) => geo.parseSeatId(geo.seatId(s))!) };
            } else {
              const remaining = model.states.filter(
                (c, s) => c === '0' && model.tierOf(s) === op.tier,
              ).length;
              if (op.count > layout.maxPerOrder) expected = 'PURCHASE_LIMIT_EXCEEDED';
              else if (op.tier === 'Z') expected = 'VALIDATION_FAILED';
              else if (remaining < op.count) expected = 'SOLD_OUT';
              else if (!op.best && !model.hasRun(op.tier, op.count)) expected = 'NO_ADJACENT_SEATS';
              else if (
                model.limitUse(user, op.tier) + op.count >
                layout.tiers.find((t) => t.tierId === op.tier)!.perUserLimit
              ) {
                expected = 'PURCHASE_LIMIT_EXCEEDED';
              }
              pick = {
                kind: 'auto',
                tierId: op.tier,
                count: op.count,
                ...(op.best ? { best: true as const } : {}),
              };
            }
            const result = await inventory
              .hold({
                sessionId: layout.sessionId,
                holdId,
                userId: user,
                nowMs: now,
                expiresAtMs: now + TTL,
                buyerIds: [],
                pick,
              })
              .catch((e: unknown) => e);
            if (expected) {
              expect(result).toBeInstanceOf(DomainError);
              expect((result as DomainError).code).toBe(expected);
            } else {
              expect(result).not.toBeInstanceOf(Error);
              const seats = (result as { seats: { seatIdx: number }[] }).seats.map((s) => s.seatIdx);
              if (op.kind === 'holdAuto') {
                // Auto-pick: right tier, all free in the model, within the limits; together, at
                // the brute-force model's best placement, whenever any row can take them;
                // otherwise (best available only) in the fewest groups possible.
                expect(seats).toHaveLength(op.count);
                expect(seats.every((s) => model.tierOf(s) === op.tier && model.states[s] === '0')).toBe(true);
                expect(model.checkLimits(user, seats)).toBeUndefined();
                const tierRows = geo.rows.filter((r) => r.tierId === op.tier);
                const before = model.states.join('');
                const best = bestTogether(before, tierRows, op.count);
                if (best) {
                  const row = geo.rows[best.rowIdx]!;
                  const first = row.start + best.pos - 1;
                  expect(seats).toEqual(Array.from({ length: op.count }, (_, i) => first + i));
                } else {
                  expect(op.best).toBe(true);
                  const groups = seats.filter(
                    (s, i) =>
                      i === 0 || s !== seats[i - 1]! + 1 || model.rowOf(s) !== model.rowOf(seats[i - 1]!),
                  ).length;
                  expect(groups).toBe(fewestGroups(before, tierRows, op.count));
                }
              }
              for (const s of seats) model.states[s] = '1';
              model.holds.push({ holdId, user, seats, expiresAt: now + TTL, status: 'ACTIVE' });
            }
          } else if (op.kind === 'release' || op.kind === 'expireOne') {
            if (model.holds.length === 0) continue;
            const hold = model.holds[op.pick % model.holds.length]!;
            if (op.kind === 'release') {
              const requester = op.byOwner ? hold.user : USERS.find((u) => u !== hold.user)!;
              const outcome = await inventory.release(layout.sessionId, hold.holdId, {
                reason: 'RELEASED',
                requesterUserId: requester,
                nowMs: now,
              });
              if (!op.byOwner) expect(outcome).toEqual({ kind: 'not-found' });
              else if (hold.status !== 'ACTIVE')
                expect(outcome).toEqual({ kind: 'already-ended', status: hold.status });
              else {
                expect(outcome).toEqual({ kind: 'released', freedSeats: hold.seats.length });
                model.end(hold, 'RELEASED');
              }
            } else {
              const outcome = await expireHold(expiryDeps, {
                sessionId: layout.sessionId,
                holdId: hold.holdId,
              }).catch((e: unknown) => e);
              if (hold.status !== 'ACTIVE')
                expect(outcome).toEqual({ kind: 'already-ended', status: hold.status });
              else if (hold.expiresAt > now) expect(outcome).toBeInstanceOf(HoldNotYetExpiredError);
              else {
                expect(outcome).toEqual({ kind: 'released', freedSeats: hold.seats.length });
                model.end(hold, 'EXPIRED');
                _expectedEvents++;
              }
            }
          } else if (op.kind === 'tick') {
            now += op.ms;
          } else {
            const overdue = model.holds.filter((h) => h.status === 'ACTIVE' && h.expiresAt <= now);
            expect(await sweepExpiredHolds(sweepDeps)).toEqual({
              released: overdue.length,
              seats: overdue.reduce((n, h) => n + h.seats.length, 0),
              retired: 0,
            });
            for (const h of overdue) model.end(h, 'EXPIRED');
            _expectedEvents += overdue.length;
          }
          expect(await inventory.seatStates(layout.sessionId)).toBe(model.states.join(''));
          expect(await inventoryViolations(client, layout)).toEqual([]);
        }
        for (const h of model.holds)
          expect((await inventory.getHold(layout.sessionId, h.holdId))?.status).toBe(h.status);
      }),
      { numRuns: 120 },
    );
  });

  it('has an invariant check that notices a corrupted counter, owner or index', async () => {
    const layout: SessionLayout = layoutOf({
      sessionId: uniqueId('bad'),
      maxPerOrder: 4,
      tiers: [{ tierId: 'A', name: 'A', priceCents: 1, perUserLimit: 4 }],
      sections: [{ name: 'A', tierId: 'A', rows: 1, seatsPerRow: 5 }],
    });
    const inventory = new RedisSeatInventory(client);
    await inventory.warmup({ layout, held: [], sold: [], force: false });
    expect(await inventoryViolations(client, layout)).toEqual([]);
    const k = sessionKeys(layout.sessionId);
    await client.hincrby(k.counts, 's:A', 5);
    await client.setrange(k.states, 0, '1');
    await client.zrem(k.picks, '04|000000|0|5|0');
    const problems = await inventoryViolations(client, layout);
    expect(problems.join('\n')).toMatch(/counter s:A/);
    expect(problems.join('\n')).toMatch(/seat 0 held by no active hold/);
    expect(problems.join('\n')).toMatch(/picks index wrong for 04\|000000\|0\|5\|0/);
  });
});

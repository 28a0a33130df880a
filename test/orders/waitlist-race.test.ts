import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbWaitlistRecords } from '#features/waitlist/dynamodb-waitlist-records.ts';
import { RedisWaitlistQueue } from '#features/waitlist/redis-waitlist-queue.ts';
import { joinWaitlist, offerReleasedSeats } from '#features/waitlist/waitlist.ts';
import type { Principal } from '#kernel/principal.ts';
import { SessionGeometry } from '#kernel/session-layout.ts';
import { smallLayout, uniqueId } from '../support/fixtures.ts';
import { realDeps } from '../support/real-deps.ts';

const base = realDeps();
const d = {
  ...base,
  waitlist: new DynamoDbWaitlistRecords(base.db, base.table),
  waitlistQueue: new RedisWaitlistQueue(base.redis),
};
afterAll(() => base.close());

const layout = smallLayout();
const geo = new SessionGeometry(layout);
const user = (userId: string): Principal => ({ userId, role: 'user', tokenId: 't', expiresAtSec: 0 });
const NOW = Date.now();
const holds = Array.from({ length: 5 }, () => uniqueId('h'));

beforeAll(async () => {
  await d.inventory.warmup({ layout, held: [], sold: [], force: false });
  // Tier A (20 seats) sold out to five holds of four.
  const tierA = [1, 2].flatMap((row) =>
    Array.from({ length: 10 }, (_, c) => geo.parseSeatId(`1-${row}-${c + 1}`)!),
  );
  for (let i = 0; i < 5; i++) {
    await d.inventory.hold({
      sessionId: layout.sessionId,
      holdId: holds[i]!,
      userId: `holder${i}`,
      nowMs: NOW,
      expiresAtMs: NOW + 600_000,
      buyerIds: [],
      pick: { kind: 'seats', seats: tierA.slice(i * 4, i * 4 + 4) },
    });
  }
});

describe('waitlist under concurrency (real Redis and DynamoDB Local)', () => {
  it('30 racing joins of 10 users make exactly 10 entries, one place each, in one order', async () => {
    const users = Array.from({ length: 10 }, (_, i) => `racer${i}`);
    const results = await Promise.all(
      [0, 1, 2].flatMap(() =>
        users.map(async (u) => ({
          u,
          r: await joinWaitlist(d, user(u), layout.sessionId, {
            tierId: 'A',
            count: 1 + (u.charCodeAt(5) % 2),
          }),
        })),
      ),
    );
    const idsByUser = new Map<string, Set<string>>();
    for (const { u, r } of results) idsByUser.set(u, (idsByUser.get(u) ?? new Set()).add(r.waitlistId));
    for (const ids of idsByUser.values()) expect(ids.size).toBe(1);
    expect(results.filter((x) => x.r.joined)).toHaveLength(10);
    const head = await d.waitlistQueue.head(layout.sessionId, 'A', 100);
    expect(head).toHaveLength(10);
    expect(new Set(head.map((h) => h.waitlistId))).toEqual(
      new Set([...idsByUser.values()].flatMap((s) => [...s])),
    );
  });

  it('releases served by 8 concurrent offer runs: no entry is offered twice, the rest keep their order', async () => {
    const before = await d.waitlistQueue.head(layout.sessionId, 'A', 100);
    for (const [i, holdId] of holds.slice(0, 2).entries()) {
      const out = await d.inventory.release(layout.sessionId, holdId, {
        reason: 'RELEASED',
        requesterUserId: `holder${i}`,
        nowMs: NOW,
      });
      expect(out).toMatchObject({ kind: 'released', freedSeats: 4 });
    }
    base.events.published.length = 0;
    const runs = await Promise.all(Array.from({ length: 8 }, () => offerReleasedSeats(d, layout.sessionId)));
    const offeredEvents = base.events.published.filter((e) => e.type === 'WaitlistOffered');
    const offeredIds = offeredEvents.map((e) => (e.detail as { waitlistId: string }).waitlistId);
    expect(new Set(offeredIds).size).toBe(offeredIds.length);
    expect(runs.reduce((n, r) => n + r.offered, 0)).toBe(offeredIds.length);
    expect(offeredIds.length).toBeGreaterThan(0);
    // Each offered entry is OFFERED durably and out of the queue; the others wait in their old order.
    for (const id of offeredIds) expect((await d.waitlist.get(id))?.status).toBe('OFFERED');
    const after = await d.waitlistQueue.head(layout.sessionId, 'A', 100);
    expect(after.map((h) => h.waitlistId)).toEqual(
      before.map((h) => h.waitlistId).filter((id) => !offeredIds.includes(id)),
    );
    for (const h of after) expect((await d.waitlist.get(h.waitlistId))?.status).toBe('WAITING');
  });
});

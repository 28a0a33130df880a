import { randomInt } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueueSettings } from '#features/waiting-room/port.ts';
import { queueKeys, RedisWaitingRoom } from '#features/waiting-room/redis-waiting-room.ts';
import { CLAIM_WINDOW_MS } from '#features/waiting-room/waiting-room.ts';
import { testRedis, uniqueId } from '../support/fixtures.ts';

const redis = testRedis();
const room = new RedisWaitingRoom(redis);
afterAll(() => redis.quit());

const OPEN = Date.parse('2030-06-01T12:00:00Z');

async function newQueue(over: Partial<QueueSettings> = {}): Promise<string> {
  const sessionId = uniqueId('q');
  await room.configure(sessionId, {
    enabled: true,
    admitPerMinute: 60,
    admissionTtlSeconds: 300,
    captcha: false,
    opensAtMs: OPEN,
    claimWindowMs: CLAIM_WINDOW_MS,
    ...over,
  });
  return sessionId;
}

const join = async (sessionId: string, userId: string, now: number) => {
  const out = await room.join(sessionId, userId, now, randomInt(0, 2 ** 48 - 1));
  if (out.kind !== 'placed') throw new Error(`join: ${out.kind}`);
  return out.place;
};
const status = async (sessionId: string, userId: string, now: number) => {
  const out = await room.status(sessionId, userId, now);
  if (out.kind !== 'placed') throw new Error(`status: ${out.kind}`);
  return out.place;
};

describe('waiting room: places', () => {
  it('shuffles the pre-queue at sale open: positions 1..P in an order nobody could know before', async () => {
    const sessionId = await newQueue();
    const users = Array.from({ length: 60 }, (_, i) => `pre${i}`);
    for (const [i, u] of users.entries()) {
      const place = await join(sessionId, u, OPEN - 60_000 + i);
      expect(place).toMatchObject({ existing: false, status: 'PRE', position: 0 });
    }
    expect((await join(sessionId, 'pre0', OPEN - 1000)).existing).toBe(true);
    const positions = await Promise.all(
      users.map(async (u) => (await status(sessionId, u, OPEN + 1)).position),
    );
    expect([...positions].sort((a, b) => a - b)).toEqual(users.map((_, i) => i + 1));
    // 60! orders: the join order coming back unchanged would mean no shuffle.
    expect(positions).not.toEqual(users.map((_, i) => i + 1));
  });

  it('puts joiners after the opening in arrival order, dense and unique under 100 concurrent joins', async () => {
    const sessionId = await newQueue();
    await join(sessionId, 'early', OPEN - 1);
    const users = Array.from({ length: 100 }, (_, i) => `late${i}`);
    const places = await Promise.all(users.map((u) => join(sessionId, u, OPEN + 5_000)));
    expect(places.map((p) => p.position).sort((a, b) => a - b)).toEqual(users.map((_, i) => i + 2));
    const again = await Promise.all(users.slice(0, 10).map((u) => join(sessionId, u, OPEN + 6_000)));
    expect(again.every((p) => p.existing)).toBe(true);
    expect(again.map((p) => p.position)).toEqual(places.slice(0, 10).map((p) => p.position));
  });

  it('answers not in line, no waiting room, and switched off', async () => {
    const sessionId = await newQueue();
    expect(await room.status(sessionId, 'nobody', OPEN)).toEqual({ kind: 'not-in-line' });
    expect(await room.status(uniqueId('none'), 'u', OPEN)).toEqual({ kind: 'no-queue' });
    const off = await newQueue({ enabled: false });
    expect(await room.join(off, 'u', OPEN, 1)).toEqual({ kind: 'disabled' });
  });
});

describe('waiting room: admission', () => {
  it('admits evenly from the opening, one slot at a time, and catches up at most a second after a quiet spell', async () => {
    const sessionId = await newQueue({ admitPerMinute: 60 });
    for (let i = 0; i < 40; i++) await join(sessionId, `u${i}`, OPEN - 1000);
    expect((await status(sessionId, 'u0', OPEN)).line.served).toBe(1);
    // Nobody asks for 30 s: the slots of that time are lost but for the last second's.
    const later = await status(sessionId, 'u0', OPEN + 30_000);
    expect(later.line.served).toBe(3);
    expect(later.line.admitted).toEqual({ paced: 3, returned: 0 });
    expect((await status(sessionId, 'u0', OPEN + 30_500)).line.served).toBe(3);
    // Then one per second, on schedule...
    for (let s = 1; s <= 8; s++) {
      expect((await status(sessionId, 'u0', OPEN + 30_000 + s * 1000)).line.served).toBe(3 + s);
    }
    // ...except that (29 s, 39 s] already holds ceil(60 / 6) = 10 admissions: the 39 s slot is lost.
    expect((await status(sessionId, 'u0', OPEN + 39_000)).line.served).toBe(11);
    expect((await status(sessionId, 'u0', OPEN + 40_000)).line.served).toBe(12);
  });

  it('loses the slots of an empty line: a crowd arriving after a quiet hour is paced, not let in at once', async () => {
    const sessionId = await newQueue({ admitPerMinute: 60 });
    await join(sessionId, 'first', OPEN);
    const t = OPEN + 3_600_000;
    const crowd = await Promise.all(Array.from({ length: 50 }, (_, i) => join(sessionId, `c${i}`, t)));
    const line = crowd.at(-1)!.line;
    expect(line.served - 1).toBeLessThanOrEqual(1);
    expect((await status(sessionId, 'c0', t + 9_999)).line.served - 1).toBeLessThanOrEqual(10);
  });

  it('claims an offered place at the first look; a place nobody claims goes back to the line after the claim window', async () => {
    const sessionId = await newQueue({ admitPerMinute: 1 });
    const first = await join(sessionId, 'first', OPEN);
    expect(first).toMatchObject({ status: 'ADMITTED', claimedAtMs: OPEN }); // the join is the first look
    for (const u of ['gone', 'third', 'fourth']) await join(sessionId, u, OPEN);
    // A minute later 'gone' is offered the second place, but never looks again.
    const waiting = await status(sessionId, 'third', OPEN + 60_000);
    expect(waiting).toMatchObject({ status: 'WAITING', position: 3, line: { served: 2 } });
    // Past the claim window its place goes back: 'third' gets the paced slot, 'fourth' the returned place.
    const at = OPEN + 60_000 + CLAIM_WINDOW_MS + 1;
    const third = await status(sessionId, 'third', at);
    expect(third).toMatchObject({ status: 'ADMITTED', claimedAtMs: at });
    expect(third.line).toMatchObject({ served: 4, returnedPlaces: 1, admitted: { paced: 3, returned: 1 } });
    expect((await status(sessionId, 'third', at + 5000)).claimedAtMs).toBe(at);
    expect((await status(sessionId, 'fourth', at + 1)).status).toBe('ADMITTED');
    expect((await status(sessionId, 'gone', at + 2)).status).toBe('EXPIRED');
    // Joining again after an expired admission goes to the back.
    expect(await join(sessionId, 'gone', at + 3)).toMatchObject({ existing: false, position: 5 });
  });

  it('expires a claimed admission after its lifetime and returns the place; a finished user returns it at once', async () => {
    const sessionId = await newQueue({ admitPerMinute: 1, admissionTtlSeconds: 120 });
    for (const u of ['a', 'b', 'c', 'd']) await join(sessionId, u, OPEN);
    expect((await status(sessionId, 'a', OPEN)).status).toBe('ADMITTED');
    expect((await status(sessionId, 'b', OPEN + 1000)).status).toBe('WAITING');
    // 'a' finishes (orders): 'b' is admitted on the returned place, not a minute later.
    expect(await room.finish(sessionId, 'a')).toBe(true);
    expect(await room.finish(sessionId, 'a')).toBe(false);
    expect((await status(sessionId, 'b', OPEN + 2000)).status).toBe('ADMITTED');
    // 'b' lets its admission run out: after 120 s it is EXPIRED and 'c' gets its place (on top of
    // the paced slot that came due at the minute).
    const later = OPEN + 2000 + 120_000;
    expect((await status(sessionId, 'b', later)).status).toBe('EXPIRED');
    expect((await status(sessionId, 'c', later)).status).toBe('ADMITTED');
    expect((await status(sessionId, 'd', later)).status).toBe('ADMITTED');
    const line = (await status(sessionId, 'd', later)).line;
    expect(line.returnedPlaces).toBe(2);
    expect(line.admitted).toEqual({ paced: 2, returned: 2 });
  });

  it('keeps its line when switched off and on again', async () => {
    const sessionId = await newQueue();
    await join(sessionId, 'x', OPEN);
    const settings = {
      admitPerMinute: 60,
      admissionTtlSeconds: 300,
      captcha: false,
      opensAtMs: OPEN,
      claimWindowMs: CLAIM_WINDOW_MS,
    };
    await room.configure(sessionId, { ...settings, enabled: false });
    await room.configure(sessionId, { ...settings, enabled: true });
    expect((await status(sessionId, 'x', OPEN + 10)).position).toBe(1);
    expect(await redis.exists(...queueKeys(sessionId))).toBeGreaterThan(3);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { AdmissionTokens } from '#features/waiting-room/admission-tokens.ts';
import type { WaitingRoom } from '#features/waiting-room/port.ts';
import { QueueGate } from '#features/waiting-room/queue-gate.ts';
import { RedisWaitingRoom } from '#features/waiting-room/redis-waiting-room.ts';
import { CLAIM_WINDOW_MS, joinQueue, queueStatus } from '#features/waiting-room/waiting-room.ts';
import type { Principal } from '#kernel/principal.ts';
import { testRedis, uniqueId } from '../support/fixtures.ts';

const redis = testRedis();
afterAll(() => redis.quit());

/** The real waiting room, counting what reaches Redis. */
function counting(room: WaitingRoom) {
  const calls = { snapshot: 0, status: 0, pump: 0, join: 0 };
  const wrapped: WaitingRoom = {
    configure: (...a) => room.configure(...a),
    finish: (...a) => room.finish(...a),
    expireData: (...a) => room.expireData(...a),
    keepData: (...a) => room.keepData(...a),
    snapshot: (...a) => {
      calls.snapshot++;
      return room.snapshot(...a);
    },
    status: (...a) => {
      calls.status++;
      return room.status(...a);
    },
    pump: (...a) => {
      calls.pump++;
      return room.pump(...a);
    },
    join: (...a) => {
      calls.join++;
      return room.join(...a);
    },
  };
  return { wrapped, calls };
}

describe('status polls answered from the container’s view of the line', () => {
  it('costs the queue one read per second, not one per poll, for places still ahead', async () => {
    const OPEN = Date.now() - 1000;
    const sessionId = uniqueId('fast');
    const room = new RedisWaitingRoom(redis);
    await room.configure(sessionId, {
      enabled: true,
      admitPerMinute: 6,
      admissionTtlSeconds: 600,
      captcha: false,
      opensAtMs: OPEN,
      claimWindowMs: CLAIM_WINDOW_MS,
    });
    const { wrapped, calls } = counting(room);
    let now = Date.now();
    const d = {
      waitingRoom: wrapped,
      queueGate: new QueueGate(wrapped, 1000),
      admissionTokens: new AdmissionTokens(new TextEncoder().encode('k'.repeat(32))),
      clock: { now: () => now },
      captcha: { challenge: () => Promise.reject(new Error('unused')), verify: async () => false },
    };
    const users: Principal[] = Array.from({ length: 200 }, (_, i) => ({
      userId: `fp${i}`,
      role: 'user',
      tokenId: 't',
      expiresAtSec: 0,
    }));
    const tickets = new Map<string, string>();
    for (const u of users)
      tickets.set(u.userId, (await joinQueue(d, u, sessionId, undefined)).body.queueTicket!);
    const before = { ...calls };
    // 1000 polls within the same second, all from places far behind the front.
    for (let i = 0; i < 1000; i++) {
      const u = users[50 + (i % 150)]!;
      const view = await queueStatus(d, u, sessionId, tickets.get(u.userId));
      expect(view.status).toBe('WAITING');
    }
    expect(calls.status - before.status).toBe(0);
    expect(calls.snapshot - before.snapshot).toBeLessThanOrEqual(1);
    // A second later the view is refreshed once; without a ticket, each poll asks the queue.
    now += 1100;
    for (let i = 0; i < 100; i++) await queueStatus(d, users[199]!, sessionId, tickets.get('fp199'));
    expect(calls.snapshot - before.snapshot).toBeLessThanOrEqual(2);
    for (let i = 0; i < 10; i++) await queueStatus(d, users[199]!, sessionId, undefined);
    expect(calls.status - before.status).toBe(10);
  });

  it('keeps a read in flight when a fresher line is remembered meanwhile (concurrent polls)', async () => {
    let release: () => void = () => undefined;
    const line = {
      served: 1,
      tail: 2,
      nextSlotAtMs: 0,
      sealed: true,
      admitted: { paced: 1, returned: 0 },
      returnedPlaces: 0,
    };
    const settings = {
      enabled: true,
      admitPerMinute: 60,
      admissionTtlSeconds: 600,
      captcha: false,
      opensAtMs: 0,
      claimWindowMs: 60_000,
    };
    const slow = {
      snapshot: () =>
        new Promise<{ settings: typeof settings; line: typeof line }>((r) => {
          release = () => r({ settings, line });
        }),
    } as unknown as WaitingRoom;
    const gate = new QueueGate(slow, 1000);
    const reading = gate.snapshot('s1');
    gate.remember('s1', { settings, line: { ...line, served: 2 } });
    release();
    expect((await reading)?.line.served).toBe(1);
    expect((await gate.snapshot('s1'))?.line.served).toBe(2);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { SessionGeometry } from '#kernel/session-layout.ts';
import { runScript } from '#platform/lua/scripts.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import type { SeatPick } from '#shared/ports/seat-inventory.ts';
import { holdCommand, smallLayout, testRedis } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';

const client = testRedis();
afterAll(() => client.quit());
const NOW = Date.parse('2026-11-21T10:00:00Z');

const hold = (sessionId: string, pick: SeatPick, userId = 'u1') =>
  holdCommand(sessionId, pick, NOW, { userId });

describe('a session loaded by a release before the picks index', () => {
  it('is upgraded in place on first use, every hold kept, and sells on', async () => {
    const layout = smallLayout();
    const geo = new SessionGeometry(layout);
    const k = sessionKeys(layout.sessionId);
    const before = new RedisSeatInventory(client);
    await before.warmup({ layout, held: [], sold: [], force: false });
    const a = hold(layout.sessionId, { kind: 'auto', tierId: 'A', count: 2 });
    const b = hold(layout.sessionId, { kind: 'seats', seats: [geo.parseSeatId('2-1-1')!] }, 'u2');
    await before.hold(a);
    await before.hold(b);
    // What the previous release left: rows as "start,len,tierId", no picks index, the runs index.
    for (const r of geo.rows) await client.hset(k.rows, r.rowIdx, `${r.start},${r.len},${r.tierId}`);
    await client.hdel(k.meta, 'picks', 'o:A', 'o:B');
    await client.del(k.picks);
    await client.zadd(k.oldRuns, 0, 'A|01|000000|0|10');

    // A container of the new release: its first script on the session upgrades it.
    const after = new RedisSeatInventory(client);
    expect(
      await after.release(layout.sessionId, a.holdId, {
        reason: 'RELEASED',
        requesterUserId: 'u1',
        nowMs: NOW,
      }),
    ).toEqual({
      kind: 'released',
      freedSeats: 2,
    });
    expect(await client.hget(k.meta, 'picks')).toBe('1');
    expect(await client.exists(k.oldRuns)).toBe(0);
    expect((await after.getHold(layout.sessionId, b.holdId))?.status).toBe('ACTIVE');
    const best = await after.hold(
      hold(layout.sessionId, { kind: 'auto', tierId: 'A', count: 3, best: true }, 'u3'),
    );
    expect(best.seats).toHaveLength(3);
    expect(await inventoryViolations(client, layout)).toEqual([]);

    // Idempotent: run again, it finds the session upgraded and changes nothing.
    const index = await client.zrange(k.picks, 0, -1, 'WITHSCORES');
    const rows = await client.hgetall(k.rows);
    const again = await runScript(
      client,
      'upgradePicks',
      [k.meta, k.states, k.rows, k.picks, k.oldRuns],
      [
        JSON.stringify({
          tiers: ['A', 'B'],
          rows: geo.rows.map((r) => [r.start, r.len, r.tierId, r.row - 1]),
        }),
      ],
    );
    expect(again).toEqual([0, 0]);
    expect(await client.zrange(k.picks, 0, -1, 'WITHSCORES')).toEqual(index);
    expect(await client.hgetall(k.rows)).toEqual(rows);
    // And a container that never saw it works on as usual.
    const third = new RedisSeatInventory(client);
    await third.hold(hold(layout.sessionId, { kind: 'seats', seats: [geo.parseSeatId('2-3-8')!] }, 'u4'));
    await third.release(layout.sessionId, b.holdId, {
      reason: 'RELEASED',
      requesterUserId: 'u2',
      nowMs: NOW,
    });
    expect(await inventoryViolations(client, layout)).toEqual([]);
  });
});

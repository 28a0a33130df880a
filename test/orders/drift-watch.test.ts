import { afterAll, describe, expect, it } from 'vitest';
import { watchDrift } from '#features/sessions/drift-watch.ts';
import { SessionGeometry } from '#kernel/session-layout.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import {
  holdNamedSeats,
  putDurableSeat,
  seatsOf,
  smallLayout,
  storeOnSaleSession,
} from '../support/fixtures.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());
const NOW = Date.now();

async function sessionWithDrift() {
  const layout = smallLayout();
  const geo = new SessionGeometry(layout);
  await storeOnSaleSession(d.catalogue, layout);
  await d.inventory.warmup({ layout, held: [], sold: [], force: false });
  const durable = (seatId: string, status: 'HELD' | 'SOLD', holdId: string) =>
    putDurableSeat(d, layout.sessionId, { seatId, status, holdId });
  const hold = (userId: string, ...ids: string[]) => holdNamedSeats(d.inventory, geo, userId, NOW, ...ids);
  await durable('1-1-1', 'SOLD', 'paid_000000000001'); // sold, Redis offers it
  await hold('u2', '1-1-2');
  await durable('1-1-2', 'HELD', 'order_00000000002'); // ordered, Redis gave it to another hold
  const lost = await hold('u3', '1-1-3');
  await d.inventory.confirm(layout.sessionId, lost, 'u3', seatsOf(geo, '1-1-3'), NOW); // sold in Redis only
  const orphan = await hold('u4', '1-1-4');
  await d.redis.del(sessionKeys(layout.sessionId).hold(orphan)); // held for a hold that is gone
  return { layout, geo };
}

describe('drift watch (the scheduled reconcile)', () => {
  it('finds every kind of drift, repairs the safe kinds by itself and leaves NOT_IN_DYNAMODB to a person', async () => {
    const { layout, geo } = await sessionWithDrift();
    const first = await watchDrift(d, { sessionId: layout.sessionId, settleMs: 50 });
    expect(first).toMatchObject({ sessionId: layout.sessionId, mismatchCount: 4, repaired: 3 });
    const states = (await d.inventory.seatStates(layout.sessionId))!;
    const at = (id: string) => states[geo.parseSeatId(id)!.seatIdx];
    expect([at('1-1-1'), at('1-1-2'), at('1-1-3'), at('1-1-4')]).toEqual(['2', '1', '2', '0']);
    const second = await watchDrift(d, { sessionId: layout.sessionId, settleMs: 50 });
    expect(second).toMatchObject({ mismatchCount: 1, repaired: 0 });
    expect('mismatches' in second ? second.mismatches.map((m) => m.kind) : []).toEqual(['NOT_IN_DYNAMODB']);
  });

  it('checks one open session per minute, in turn', async () => {
    const a = (await sessionWithDrift()).layout.sessionId;
    const b = (await sessionWithDrift()).layout.sessionId;
    // Only these two open (other test files share this Redis and open sessions of their own).
    const inventory = Object.create(d.inventory) as typeof d.inventory;
    inventory.openSessions = async () => [b, a];
    const minute = 60_000;
    const base = Math.floor(Date.now() / (2 * minute)) * 2 * minute;
    const picked: (string | null)[] = [];
    for (let k = 0; k < 4; k++) {
      const report = await watchDrift(
        { catalogue: d.catalogue, inventory, config: d.config, clock: { now: () => base + k * minute } },
        { settleMs: 0 },
      );
      picked.push(report.sessionId);
    }
    const [first, second] = [a, b].sort();
    expect(picked).toEqual([first, second, first, second]);
  });
});

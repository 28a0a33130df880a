import { afterAll, describe, expect, it } from 'vitest';
import { PiiCipher } from '#features/users/pii-cipher.ts';
import { RedisBuyerCache } from '#features/users/redis-buyer-cache.ts';
import { DomainError } from '#kernel/errors.ts';
import { createHold } from '#shared/booking/holds.ts';
import { RedisSeatInventory } from '#shared/inventory/redis-seat-inventory.ts';
import { hotPathDeps, smallLayout, testRedis, uniqueId } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';

const clients = Array.from({ length: 8 }, () => testRedis());
afterAll(() => Promise.all(clients.map((c) => c.quit())));

describe('ONE_PER_ID under a race', () => {
  it('lets exactly one of 30 accounts with the same id number hold a seat', async () => {
    const layout = smallLayout({ realName: 'ONE_PER_ID' });
    await new RedisSeatInventory(clients[0]!).warmup({ layout, held: [], sold: [], force: false });
    const deps = clients.map((c) => hotPathDeps(c));
    // One person, added as a ticket buyer by 30 different accounts (each with its own buyer id).
    const idHash = new PiiCipher(Buffer.alloc(32, 7).toString('base64')).idHash('GB11643:110105199001011234');
    const users = Array.from({ length: 30 }, () => uniqueId('u'));
    const cache = new RedisBuyerCache(clients[0]!);
    await Promise.all(
      users.map((u) =>
        cache.replace(u, [
          { buyerId: `b${u}`, idType: 1, name: '张*', idNumber: '1101**********1234', idHash },
        ]),
      ),
    );
    const outcomes = await Promise.all(
      users.map((u, i) =>
        createHold(
          deps[i % deps.length]!,
          { userId: u, role: 'user', tokenId: 't', expiresAtSec: 0 },
          layout.sessionId,
          { tierId: i % 2 ? 'A' : 'B', count: 1, buyerIds: [`b${u}`] },
          { admissionToken: undefined },
        ).then(
          () => 'HELD',
          (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'HELD')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'ID_ALREADY_USED')).toHaveLength(29);
    expect(await inventoryViolations(clients[0]!, layout)).toEqual([]);
    const counts = await new RedisSeatInventory(clients[0]!).counts(layout.sessionId);
    expect(counts!.byTier.reduce((n, t) => n + t.held, 0)).toBe(1);
  });
});

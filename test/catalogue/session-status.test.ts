import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  meaningOf,
  SESSION_MOVES,
  SESSION_STATUSES,
  type SessionMove,
  type SessionStatus,
  visibleStatus,
} from '#features/sessions/session-status.ts';
import { listingCard, programListing } from '#shared/search/listing.ts';
import { smallLayout, storeOnSaleSession, uniqueId } from '../support/fixtures.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());

const moves = Object.keys(SESSION_MOVES) as SessionMove[];

describe('the session-status table', () => {
  it('reaches every status from SCHEDULED; a cancelled session never comes back', () => {
    const seen = new Set<SessionStatus>(['SCHEDULED']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const m of moves)
        if (SESSION_MOVES[m].from.some((f) => seen.has(f)) && !seen.has(SESSION_MOVES[m].to)) {
          seen.add(SESSION_MOVES[m].to);
          grew = true;
        }
    }
    expect([...seen].sort()).toEqual([...SESSION_STATUSES].sort());
    for (const m of moves)
      for (const f of SESSION_MOVES[m].from)
        if (meaningOf(f).cancelled)
          expect(meaningOf(SESSION_MOVES[m].to).cancelled, `${m} from ${f}`).toBe(true);
  });

  it('shows live counts exactly while a session sells, and a sale whose closing time passed as CLOSED', () => {
    expect(SESSION_STATUSES.filter((s) => meaningOf(s).showsRemaining)).toEqual(['ON_SALE']);
    expect(SESSION_STATUSES.filter((s) => meaningOf(s).sells)).toEqual(['ON_SALE']);
    fc.assert(
      fc.property(
        fc.constantFrom(...SESSION_STATUSES),
        fc.integer({ min: -10_000, max: 10_000 }),
        fc.boolean(),
        (status, offset, ownClose) => {
          const t0 = Date.parse('2027-01-01T12:00:00Z');
          const s = {
            status,
            startsAt: new Date(t0 + 3_600_000).toISOString(),
            ...(ownClose ? { saleClosesAt: new Date(t0).toISOString() } : {}),
          };
          const closesAt = ownClose ? t0 : t0 + 3_600_000;
          const now = closesAt + offset;
          const seen = visibleStatus(s, now);
          if (status !== 'ON_SALE') return seen === status;
          return seen === (now >= closesAt ? 'CLOSED' : 'ON_SALE');
        },
      ),
    );
  });

  it('lists a program as on sale while one of its sessions sells, and not once that sale has closed', () => {
    const t0 = Date.parse('2027-01-01T12:00:00Z');
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const program = {
      programId: 'p1',
      title: 't',
      actor: 'a',
      city: '上海',
      venue: 'v',
      categoryId: 'c',
      createdAt: at(-1e9),
      sessions: [1, 2].map((n) => ({
        sessionId: `s${n}`,
        startsAt: at(n * 3_600_000),
        saleOpensAt: at(-3_600_000),
        tiers: [{ tierId: 'A', name: 'A', priceCents: 100 * n, perUserLimit: 4 }],
      })),
    };
    const sessions = (statuses: SessionStatus[]) =>
      program.sessions.map((s, i) => ({ ...s, status: statuses[i]! }));
    const listing = programListing(program, [], sessions(['ON_SALE', 'ON_SALE']), t0);
    expect(listing).toMatchObject({ onSale: true, saleEndsAt: at(2 * 3_600_000) });
    expect(listingCard(listing, t0).onSale).toBe(true);
    // The later show's sale has closed too: not on sale, without the listing being written again.
    expect(listingCard(listing, t0 + 2 * 3_600_000).onSale).toBe(false);
    for (const statuses of [
      ['SCHEDULED', 'CLOSED'],
      ['CANCELLED', 'CANCELLING'],
    ] as SessionStatus[][]) {
      const l = programListing(program, [], sessions(statuses), t0);
      expect(l.onSale, statuses.join()).toBe(false);
      expect(l.saleEndsAt).toBeUndefined();
    }
  });

  it('makes every move one conditional write in DynamoDB: open and close lose cleanly to a cancel', async () => {
    const layout = smallLayout({ programId: uniqueId('p') });
    await storeOnSaleSession(d.catalogue, layout, layout.programId);
    const id = layout.sessionId;
    expect(await d.catalogue.moveSession(id, 'close')).toBe(true);
    expect((await d.catalogue.getSession(id))?.status).toBe('CLOSED');
    expect(await d.catalogue.moveSession(id, 'open')).toBe(true);
    expect(await d.catalogue.beginCancellation(id, 'rain', new Date().toISOString())).toBe(true);
    // A close or an open that read the session before the cancel changes nothing now.
    expect(await d.catalogue.moveSession(id, 'close')).toBe(false);
    expect(await d.catalogue.moveSession(id, 'open')).toBe(false);
    expect(await d.catalogue.beginCancellation(id, 'other', new Date().toISOString())).toBe(false);
    expect(await d.catalogue.finishCancellation(id, new Date().toISOString())).toBe(true);
    expect(await d.catalogue.finishCancellation(id, new Date().toISOString())).toBe(false);
    const end = await d.catalogue.getSession(id);
    expect(end).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'rain' } });
    expect(await d.catalogue.moveSession('s-no-such-session', 'open')).toBe(false);
  });
});

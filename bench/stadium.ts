import type { SessionLayout } from '#kernel/session-layout.ts';

/** The bench's tiers, dearest first, and each one's share of the stadium's seats. */
export const TIERS = ['VIP', 'P1', 'P2', 'P3'];
export const TIER_WEIGHTS = [0.1, 0.2, 0.3, 0.4];

/**
 * The bench's stadium: `sectionsPerTier` sections per tier (20 in all by default) of `rows`
 * rows × `seatsPerRow` seats, up to 6 seats an order and a user (per tier and over the show,
 * as every session made through the API has).
 */
export function stadium(
  sessionId: string,
  seatsPerRow: number,
  rows: number,
  sectionsPerTier = [2, 4, 6, 8],
): SessionLayout {
  return {
    sessionId,
    programId: 'bench',
    startsAt: '2030-01-01T00:00:00Z',
    saleOpensAt: '2020-01-01T00:00:00Z',
    maxPerOrder: 6,
    perUserLimit: 6,
    tiers: TIERS.map((tierId, i) => ({
      tierId,
      name: tierId,
      priceCents: 10_000 * (4 - i),
      perUserLimit: 6,
    })),
    sections: sectionsPerTier.flatMap((n, t) =>
      Array.from({ length: n }, (_, i) => ({
        name: `${TIERS[t]}-${i}`,
        tierId: TIERS[t]!,
        rows,
        seatsPerRow,
      })),
    ),
  };
}

import type { ProgramInput } from '#features/sessions/index.ts';

/**
 * The small program the tests create (one session: VIP 2 × 10, Standard 3 × 8, on sale since
 * 2020, showing in 2030), through HTTP or the use case; `overrides` change its one session.
 */
export function smallProgramInput(overrides: Record<string, unknown> = {}): ProgramInput {
  return {
    title: '测试节目',
    actor: '测试',
    city: '上海',
    venue: '测试剧场',
    categoryId: 'drama',
    sessions: [
      {
        startsAt: '2030-01-01T12:00:00Z',
        saleOpensAt: '2020-01-01T00:00:00Z',
        // The API's default, explicit: the use case (no HTTP parsing) gets it too.
        maxPerOrder: 6,
        tiers: [
          { tierId: 'A', name: 'VIP', priceCents: 10000, perUserLimit: 4 },
          { tierId: 'B', name: 'Standard', priceCents: 5000, perUserLimit: 6 },
        ],
        layout: {
          sections: [
            { name: 'Front', tierId: 'A', rows: 2, seatsPerRow: 10 },
            { name: 'Back', tierId: 'B', rows: 3, seatsPerRow: 8 },
          ],
        },
        ...overrides,
      },
    ],
  } as ProgramInput;
}

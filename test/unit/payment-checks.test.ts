import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECKS_AFTER_START_MS,
  nextPaymentCheck,
  RECONCILE_LEAD_MS,
  runInPasses,
} from '#shared/payments/payment-checks.ts';

describe("an open payment's checks", () => {
  it('come 30 s, 2 min and 5 min after it started, then from a minute before the end every 30 s, never after it', () => {
    const start = 1_000_000;
    const end = start + 600_000;
    const walk: number[] = [];
    for (let at = start; at < end; at = nextPaymentCheck(start, end, at)) walk.push(at - start);
    walk.push(end - start);
    expect(walk).toEqual([0, 30_000, 120_000, 300_000, 540_000, 570_000, 600_000]);
  });

  it('always move forward and stay inside the order, whatever the hold time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 1_000, max: 3_600_000 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        (start, life, elapsed) => {
          const end = start + life;
          const now = Math.min(start + elapsed, end - 1);
          const next = nextPaymentCheck(start, end, now);
          if (!(next > now && next <= end)) return false;
          // A ladder step still ahead of the end window is never skipped.
          const step = CHECKS_AFTER_START_MS.map((a) => start + a).find((a) => a > now);
          return step === undefined || step >= end - RECONCILE_LEAD_MS || next === step;
        },
      ),
    );
  });

  it('run in passes 30 s apart while the invocation has time: two in a 75 s run, one in 30 s', async () => {
    for (const [timeoutMs, passes] of [
      [75_000, 2],
      [30_000, 1],
      [120_000, 4],
    ] as const) {
      let clock = 0;
      const ran: number[] = [];
      const results = await runInPasses(
        async () => {
          ran.push(clock);
          clock += 2_000; // each pass takes 2 s
          return clock;
        },
        () => timeoutMs - clock,
        {
          everyMs: 30_000,
          budgetMs: 20_000,
          now: () => clock,
          sleep: async (ms) => {
            clock += ms;
          },
        },
      );
      expect(results, `${timeoutMs}`).toHaveLength(passes);
      expect(ran).toEqual([0, 30_000, 60_000, 90_000].slice(0, passes));
    }
  });
});

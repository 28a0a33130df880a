import { afterAll, describe, expect, it } from 'vitest';
import { sweepExpiredHolds } from '#shared/booking/expiry.ts';
import { smallLayout } from '../support/fixtures.ts';
import { realDeps } from '../support/real-deps.ts';

/**
 * In AWS the sweeper's role cannot read the PII key, the gate secret or the ticket key
 * (function-needs.ts), so it must never touch the parts of the composition built from them:
 * here they throw if anything reads them, and the sweep must still release an overdue hold.
 */
const d = realDeps();
afterAll(() => d.close());

describe('the sweeper reads only what its role may read', () => {
  it('releases an overdue hold without touching the keyed services', async () => {
    const layout = smallLayout();
    await d.inventory.warmup({ layout, held: [], sold: [], force: false });
    const now = Date.now();
    await d.inventory.hold({
      sessionId: layout.sessionId,
      holdId: `${layout.sessionId.slice(0, 4)}_sweep0000000`,
      userId: 'sweep-user',
      nowMs: now - 700_000,
      expiresAtMs: now - 100_000,
      buyerIds: ['b1'],
      pick: { kind: 'auto', tierId: 'A', count: 1 },
    });
    const forbidden = (what: string) => ({
      enumerable: true,
      get() {
        throw new Error(`the sweeper read ${what}`);
      },
    });
    const strict = Object.create(d, {
      pii: forbidden('the PII key'),
      admissionTokens: forbidden('the gate secret'),
      captcha: forbidden('the gate secret'),
      ticketSigner: forbidden('the ticket key'),
      tokens: forbidden('the token keys'),
    }) as typeof d;
    const swept = await sweepExpiredHolds(strict);
    expect(swept.released).toBeGreaterThanOrEqual(1);
    expect((await d.inventory.seatStates(layout.sessionId))!.includes('1')).toBe(false);
  });
});

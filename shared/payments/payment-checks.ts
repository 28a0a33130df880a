/**
 * When the payment reconciler asks the provider about an open payment. A notify that never
 * arrives (the buyer paid, then closed the app) must not leave a paid buyer waiting until the
 * order's end for tickets: the provider is asked about 30 s, 2 min and 5 min after the
 * payment was started, then from a minute before the order ends every 30 s until it ends.
 * Each check is one query to the provider; most trades are settled by a notify long before.
 */
export const CHECKS_AFTER_START_MS = [30_000, 120_000, 300_000] as const;

/** The last checks start this long before the order ends (then every RECHECK_NEAR_END_MS). */
export const RECONCILE_LEAD_MS = 60_000;
export const RECHECK_NEAR_END_MS = 30_000;

/**
 * The next check after `nowMs` of a payment started at `startedAtMs` for an order ending at
 * `endsAtMs`: the next step of the ladder, or the end window's next check, never past the end.
 */
export function nextPaymentCheck(startedAtMs: number, endsAtMs: number, nowMs: number): number {
  const endWindow = endsAtMs - RECONCILE_LEAD_MS;
  const step = CHECKS_AFTER_START_MS.map((after) => startedAtMs + after).find((at) => at > nowMs);
  if (step !== undefined && step < endWindow) return step;
  if (nowMs < endWindow) return endWindow;
  return Math.min(endsAtMs, nowMs + RECHECK_NEAR_END_MS);
}

/**
 * Runs `pass` now and again every `everyMs` while the invocation has time for another pass
 * (`budgetMs` of it left at the pass's start): a rule fires at most once a minute, a payment's
 * checks fall due every 30 s.
 */
export async function runInPasses<R>(
  pass: () => Promise<R>,
  remainingMs: () => number,
  opts: { everyMs: number; budgetMs: number; now?: () => number; sleep?: (ms: number) => Promise<void> },
): Promise<R[]> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  const results = [await pass()];
  for (
    let next = started + opts.everyMs;
    remainingMs() - (next - now()) > opts.budgetMs;
    next += opts.everyMs
  ) {
    await sleep(Math.max(0, next - now()));
    results.push(await pass());
  }
  return results;
}

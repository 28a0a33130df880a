import type { HoldExpiryEvent, HoldExpiryScheduler } from '#shared/ports/hold-expiry-scheduler.ts';

/**
 * EventBridge Scheduler stand-in: one timer per hold that invokes the release function's
 * handler with the same input the real schedule would send. Timers die with the process;
 * the sweeper covers that, as it covers a schedule that never fired in AWS.
 */
export class LocalHoldExpiryScheduler implements HoldExpiryScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly invokeRelease: (event: HoldExpiryEvent) => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {}

  async schedule(event: HoldExpiryEvent, expiresAtMs: number): Promise<void> {
    this.arm(event, expiresAtMs, 0);
  }

  private arm(event: HoldExpiryEvent, expiresAtMs: number, attempt: number): void {
    // Like at(): whole seconds, rounded up, so it never fires before the hold expires.
    const due = Math.ceil(expiresAtMs / 1000) * 1000;
    const timer = setTimeout(
      () => {
        this.timers.delete(event.holdId);
        this.invokeRelease(event).catch(() => {
          // Scheduler's retry policy: try again a little later, a bounded number of times.
          if (attempt < 10) this.arm(event, this.now() + 1000 * 2 ** Math.min(attempt, 5), attempt + 1);
        });
      },
      Math.max(0, due - this.now()),
    );
    timer.unref();
    this.timers.set(event.holdId, timer);
  }

  async cancel(holdId: string): Promise<void> {
    clearTimeout(this.timers.get(holdId));
    this.timers.delete(holdId);
  }

  get pending(): number {
    return this.timers.size;
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** What the release function receives when a hold's time is up. */
export interface HoldExpiryEvent {
  sessionId: string;
  holdId: string;
}

/** Arranges for a hold to be released at its expiry (the sweeper backs it up). */
export interface HoldExpiryScheduler {
  schedule(event: HoldExpiryEvent, expiresAtMs: number): Promise<void>;
  /** Drops the schedule of a hold that ended early; a missing schedule is fine. */
  cancel(holdId: string): Promise<void>;
}

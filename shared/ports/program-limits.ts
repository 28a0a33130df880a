/** Seats a hold wants in one tier, and that tier's limit across the program. */
export interface TierWant {
  tierId: string;
  want: number;
  limit: number;
}

export type ReserveOutcome = { ok: true } | { ok: false; tierId: string; limit: number; used: number };

/**
 * Per-program tier limits (a user's seats of a tier across every session of a program).
 * Sessions are in different cluster slots, so the count cannot live in the hold script: it is
 * reserved beside it, lapses at the hold's expiry unless kept, and is forgotten when the hold
 * or order ends early.
 */
export interface ProgramLimits {
  reserve(r: {
    userId: string;
    programId: string;
    holdId: string;
    nowMs: number;
    expiresAtMs: number;
    tiers: TierWant[];
  }): Promise<ReserveOutcome>;
  /** The seats were paid for: they count until `forget` (refund). */
  keep(
    userId: string,
    programId: string,
    holdId: string,
    tiers: { tierId: string; seats: number }[],
  ): Promise<void>;
  forget(userId: string, programId: string, holdId: string): Promise<void>;
}

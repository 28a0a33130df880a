/**
 * Redis keys of one user. Every key carries the hash tag {u:<userId>}, so the buy path's
 * per-user work (buyer check and buy limit) is one slot, spread over the shards with the
 * users, never on a session's shard. Declared below the features because three of them share
 * the user's hash: the buyer cache (users), the buy limit's arrival field (abuse) and the
 * per-program limits (holds), and lua/checkBuyers reads two of them in one script.
 */
export function userKeys(userId: string) {
  const p = `{u:${userId}}`;
  return {
    /** The buyer cache, and (field `_rl`) the buy limit's arrival time. */
    buyers: `${p}:buyers`,
    programLimits: (programId: string) => `${p}:pl:${programId}`,
  };
}

/** How long the user's hash lives without a change (the buyer cache is re-warmed at login). */
export const USER_HASH_TTL_SECONDS = 7 * 24 * 3600;

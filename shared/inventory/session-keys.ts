import { sessionTag } from '#platform/clients/redis.ts';

/**
 * Redis key names of one session's inventory. Every key carries the hash tag {s:<sessionId>},
 * so all keys a script touches live in one cluster slot (cluster mode / Serverless safe).
 */
export function sessionKeys(sessionId: string) {
  const p = sessionTag(sessionId);
  return {
    meta: `${p}:meta`,
    states: `${p}:states`,
    rows: `${p}:rows`,
    picks: `${p}:picks`,
    /** The free-run index of releases before the picks index: deleted by upgradePicks-5.lua. */
    oldRuns: `${p}:runs`,
    counts: `${p}:counts`,
    owners: `${p}:owners`,
    expiry: `${p}:expiry`,
    limits: `${p}:limits`,
    layout: `${p}:layout`,
    ids: `${p}:ids`,
    strikes: `${p}:strikes`,
    hold: (holdId: string) => `${p}:hold:${holdId}`,
  };
}

/**
 * Every key of a session's inventory (hold records aside: they expire by themselves), meta and
 * the expiry index first, as lua/sessionDataExpiry-12.lua takes them.
 */
export function sessionDataKeys(sessionId: string): string[] {
  const k = sessionKeys(sessionId);
  return [
    k.meta,
    k.expiry,
    k.states,
    k.rows,
    k.picks,
    k.oldRuns,
    k.counts,
    k.owners,
    k.limits,
    k.layout,
    k.ids,
    k.strikes,
  ];
}

/** Sessions whose inventory is loaded: the sweeper walks their expiry indexes. */
export const OPEN_SESSIONS_KEY = 'sessions:open';

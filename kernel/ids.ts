import { randomBytes } from 'node:crypto';

/** Short, roughly time-ordered ids: prefix + ms time (base36) + 40 random bits. Safe in keys and URLs. */
export function newId(prefix: string, nowMs = Date.now()): string {
  return `${prefix}${nowMs.toString(36)}${randomBytes(5).toString('hex')}`;
}

/** A hold id names its session, so GET /v1/holds/{holdId} finds the session's keys without a look-up. */
export function newHoldId(sessionId: string): string {
  return `${sessionId}_${randomBytes(6).toString('hex')}`;
}

export function sessionOfHold(holdId: string): string | undefined {
  const m = /^([a-z0-9]{1,40})_[0-9a-f]{12}$/.exec(holdId);
  return m?.[1];
}

export const ID_PATTERN = /^[a-z0-9]{1,40}$/;

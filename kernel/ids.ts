import { randomBytes } from 'node:crypto';

/** Short, roughly time-ordered ids: prefix + ms time (base36) + 40 random bits. Safe in keys and URLs. */
export function newId(prefix: string, nowMs = Date.now()): string {
  return `${prefix}${nowMs.toString(36)}${randomBytes(5).toString('hex')}`;
}

/** A hold id names its session, so GET /v1/holds/{holdId} finds the session's keys without a look-up. */
export function newHoldId(sessionId: string): string {
  return `${sessionId}_${randomBytes(6).toString('hex')}`;
}

/** Every id the product makes (`newId`): what a path or a message may name. */
export const ID_PATTERN = /^[a-z0-9]{1,40}$/;
/** A hold id: its session's id, `_`, 48 random bits in hex. */
export const HOLD_ID_PATTERN = /^[a-z0-9]{1,40}_[0-9a-f]{12}$/;
/** An order number: a snowflake in decimal (shared/orders/order-number.ts), never with a leading zero. */
export const ORDER_NUMBER_PATTERN = /^[1-9]\d{0,18}$/;

export function sessionOfHold(holdId: string): string | undefined {
  // the random part and its separator are the last 13 characters
  return HOLD_ID_PATTERN.test(holdId) ? holdId.slice(0, -13) : undefined;
}

import type { HoldsForWaitlist, SessionsForWaitlist } from '#features/waitlist/index.ts';
import type { Deps } from '#shared/app/deps.ts';
import { holdExpiresAtMs } from '#shared/booking/hold-policy.ts';
import { holdForWaitingUser, vetTierRequest } from '#shared/booking/holds.ts';

/**
 * What the waitlist asks of the rest of the product, answered by the inventory, the catalogue
 * and the holds' own rules. `d` is the container these are part of (read when called: the
 * composition completes it after building these).
 */
export function sessionsForWaitlist(d: () => Pick<Deps, 'inventory' | 'catalogue'>): SessionsForWaitlist {
  return {
    layout: (sessionId) => d().inventory.layout(sessionId),
    available: async (sessionId, tierId) =>
      (await d().inventory.counts(sessionId))?.byTier.find((t) => t.tierId === tierId)?.available ?? 0,
    status: async (sessionId) => (await d().catalogue.getSession(sessionId))?.status,
  };
}

export function holdsForWaitlist(d: () => Deps): HoldsForWaitlist {
  return {
    vet: (userId, layout, request) => vetTierRequest(d(), { userId }, layout, request),
    placeFor: (userId, sessionId, request) => holdForWaitingUser(d(), { userId }, sessionId, request),
    giveBack: async (sessionId, holdId, nowMs) => {
      await d().inventory.release(sessionId, holdId, { reason: 'RELEASED', nowMs });
    },
    expiresAt: (nowMs) => new Date(holdExpiresAtMs(d().config.holdTtlSeconds, nowMs)).toISOString(),
  };
}

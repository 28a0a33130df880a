import { logger } from '#kernel/observability/logger.ts';
import { defineBusJob } from '#platform/lambda/jobs.ts';
import type { WaitlistDeps } from './port.ts';
import { offerReleasedSeats } from './waitlist.ts';

/** SeatsReleased → the released seats offered to the session's waitlists. */
export const waitlistOffers = /* @__PURE__ */ defineBusJob({
  kind: 'bus',
  detailTypes: ['SeatsReleased'],
  // The seats are on sale anyway: a malformed event is logged and dropped.
  malformed: 'drop',
  retryAttempts: 4,
  ruleId: 'SeatsReleasedToWaitlist',
  reservedConcurrency: 5,
  summary: 'Offers released seats to the waitlist',
  // Serving an entry places a hold for the user (scheduled expiry) and announces the offer.
  needs: { table: 'readWrite', scheduler: true, events: true, secrets: ['pii'] },
  run: async ({ detail: { sessionId } }, d: WaitlistDeps) => {
    const result = await offerReleasedSeats(d, sessionId);
    if (result.offered + result.closed > 0) logger.info('waitlist served', { sessionId, ...result });
    return result;
  },
});

/** The feature's background functions by name (functions/<name>/index.ts). */
export const WAITLIST_JOBS = { 'waitlist-offers': waitlistOffers };

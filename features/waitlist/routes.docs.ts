import type { RouteDocs } from '#platform/http/route.ts';
import type { WAITLIST_ROUTES } from './routes.ts';
import { WaitlistEntry, WaitlistJoined } from './schema.ts';

/** What the OpenAPI document and the contract check say of each waitlist route (tools only, never bundled). */
export const WAITLIST_ROUTE_DOCS = {
  'waitlist-join': {
    summary:
      'Join a sold-out tier’s waitlist (first come, first served); with buyerIds, released seats are held for you',
    success: [201, '{waitlistId, position, status: WAITING} (200 with your existing entry)'],
    response: WaitlistJoined,
    otherSuccess: [[200, 'your existing entry for this tier']],
    errors: {
      409: 'INVALID_STATE: details.reason SEATS_AVAILABLE (with remaining) or the session is not on sale',
      422: 'PURCHASE_LIMIT_EXCEEDED, BUYER_COUNT_MISMATCH',
    },
  },
  'waitlist-get': {
    summary: "The caller's waitlist entry: status, live position, and the offer (holdId) when made",
    success: [200, 'the entry'],
    response: WaitlistEntry,
  },
  'waitlist-leave': {
    summary: 'Leave the waitlist',
    success: [204, 'no body'],
    errors: { 409: 'INVALID_STATE: already offered or closed' },
  },
} satisfies Record<keyof typeof WAITLIST_ROUTES, RouteDocs>;

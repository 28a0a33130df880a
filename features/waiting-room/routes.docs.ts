import type { RouteDocs } from '#platform/http/route.ts';
import type { WAITING_ROOM_ROUTES } from './routes.ts';
import { QueuePlace, QueueSettings } from './schema.ts';

/** What the OpenAPI document and the contract check say of each waiting-room route (tools only, never bundled). */
export const WAITING_ROOM_ROUTE_DOCS = {
  'queue-join': {
    summary:
      'Join the session’s waiting room (one place per user; before the sale opens, a shuffled pre-queue); a captcha where the session asks for one',
    success: [
      201,
      '{status, preQueue, position, ahead, estimatedWaitSeconds, pollAfterSeconds, queueTicket, admissionToken?, admissionExpiresAt?} (200 with your existing place)',
    ],
    response: QueuePlace,
    otherSuccess: [[200, 'your existing place']],
    errors: {
      409: 'INVALID_STATE: details.status QUEUE_DISABLED',
      428: 'CAPTCHA_REQUIRED: the room asks for a captcha',
    },
  },
  'queue-status': {
    summary:
      'Your place in the waiting room; send x-queue-ticket (from the last answer) so any server can answer at once; the admission token once admitted',
    success: [200, 'the place, as join answers it; 404 when not in line'],
    response: QueuePlace,
    headers: { 'x-queue-ticket': { required: false, description: "the last answer's queueTicket" } },
  },
  'admin-queue-put': {
    summary:
      'Switch the session’s waiting room on or off and set its pace: admitPerMinute, admissionTtlSeconds (600), captcha (false)',
    success: [
      200,
      '{sessionId, enabled, admitPerMinute, admissionTtlSeconds, captcha, opensAt, claimWindowSeconds}',
    ],
    response: QueueSettings,
  },
} satisfies Record<keyof typeof WAITING_ROOM_ROUTES, RouteDocs>;

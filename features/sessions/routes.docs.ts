import type { RouteDocs } from '#platform/http/route.ts';
import type { SESSIONS_ROUTES } from './routes.ts';
import * as R from './schema.ts';

/** What the OpenAPI document and the contract check say of each sessions route (tools only, never bundled). */
export const SESSIONS_ROUTE_DOCS = {
  'categories-list': {
    summary: 'Program categories',
    success: [200, '{items}'],
    response: R.Categories,
  },
  'programs-get': {
    summary: 'A program with its sessions and live remaining seats',
    success: [200, 'the program'],
    response: R.ProgramDetail,
  },
  'sessions-get': {
    summary: 'One session with its show, times, status and tiers',
    success: [200, 'the session'],
    response: R.Session,
  },
  'seat-map': {
    summary: 'Seat map (row-major-status-v1)',
    success: [200, 'the seat map'],
    response: R.SeatMap,
    otherSuccess: [[304, 'not modified: the map has the etag sent as if-none-match']],
    headers: {
      'if-none-match': {
        required: false,
        description: 'the etag of the map the client has: 304 when unchanged',
      },
      'accept-encoding': { required: false, description: 'gzip: the map comes gzipped' },
    },
  },
  'admin-programs-create': {
    summary: 'Create a program with sessions, tiers and layouts',
    success: [201, '{programId, sessions}'],
    response: R.ProgramCreated,
  },
  'admin-programs-patch': {
    summary: "Change a program's title, actor, venue, city, description or category",
    success: [200, 'the program'],
    response: R.ProgramRecord,
  },
  'admin-sessions-patch': {
    summary: "Change a session's times; tier prices while SCHEDULED",
    success: [200, 'the session'],
    response: R.Session,
    errors: { 409: 'INVALID_STATE: prices after SCHEDULED, or a cancelled session' },
  },
  'admin-sessions-close': {
    summary: 'Close the sale: no new holds; existing holds and orders run out normally',
    success: [200, 'the session, status CLOSED'],
    response: R.Session,
    errors: { 409: 'INVALID_STATE: not open, or cancelled' },
  },
  'admin-sessions-open': {
    summary: 'Load the inventory into Redis and open the sale',
    success: [200, 'the session and its counts'],
    response: R.Opened,
    errors: { 409: 'INVALID_STATE: the session is cancelled' },
  },
  'admin-sessions-stats': {
    summary: 'Available, held and sold, by tier',
    success: [200, '{available, held, sold, byTier}'],
    response: R.Stats,
    errors: { 409: 'INVALID_STATE: the session was never opened' },
  },
  'admin-sessions-reconcile': {
    summary:
      'Compare every seat in Redis with DynamoDB (the durable record); with repair, set Redis to DynamoDB seat by seat (compare-and-set)',
    success: [
      200,
      '{sessionId, checked, mismatchCount, mismatches: [{seatId, kind, redis, dynamodb}], repaired, skipped}',
    ],
    response: R.Reconciled,
    errors: {
      409: 'INVALID_STATE: the session is not loaded, or (status ENDED) its data left Redis after the show',
    },
  },
} satisfies Record<keyof typeof SESSIONS_ROUTES, RouteDocs>;

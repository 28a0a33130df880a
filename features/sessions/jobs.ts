import type { DepsOf } from '#platform/http/route.ts';
import { defineRateJob } from '#platform/lambda/jobs.ts';
import { watchDrift } from './drift-watch.ts';

/** Every minute: one open session reconciled against DynamoDB (features/sessions/drift-watch.ts). */
export const driftWatch = /* @__PURE__ */ defineRateJob({
  kind: 'schedule',
  everySeconds: 60,
  ruleId: 'DriftWatchEveryMinute',
  reservedConcurrency: 1,
  summary: 'Reconciles one open session per run against DynamoDB; SeatDrift metric; repairs the safe kinds',
  // Reads the durable seat states; repairs go to Redis only.
  needs: { table: 'read' },
  container: 'core',
  // With the organiser's reconcile route, not the buyers' catalogue.
  stack: 'Organiser',
  run: async (_context, d: DepsOf<typeof watchDrift>) => watchDrift(d),
});

/** The feature's background functions by name (functions/<name>/index.ts). */
export const SESSIONS_JOBS = { 'drift-watch': driftWatch };

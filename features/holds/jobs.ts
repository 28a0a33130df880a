import { ensureIdFilter } from '#features/sessions/index.ts';
import type { DepsOf } from '#platform/http/route.ts';
import { defineRateJob } from '#platform/lambda/jobs.ts';
import { sweepExpiredHolds, sweepOverdueOrders } from '#shared/booking/expiry.ts';

/**
 * Every minute: releases every overdue hold a schedule missed, expires unpaid orders past
 * their end from DynamoDB (their Redis hold may be gone), counts paid orders without tickets,
 * and rebuilds the id filter if Redis has no complete one (first deploy, or Redis lost its data).
 */
export const holdSweeper = /* @__PURE__ */ defineRateJob({
  kind: 'schedule',
  everySeconds: 60,
  ruleId: 'SweepEveryMinute',
  // One sweep at a time: two would only race each other over the same holds.
  reservedConcurrency: 1,
  summary: 'Releases holds whose schedule never fired; rebuilds the id filter',
  needs: { table: 'readWrite', events: true, scheduler: 'cancel', payments: true },
  run: async (
    _context,
    d: DepsOf<typeof sweepExpiredHolds> & DepsOf<typeof sweepOverdueOrders> & DepsOf<typeof ensureIdFilter>,
  ) => {
    const swept = await sweepExpiredHolds(d);
    const orders = await sweepOverdueOrders(d);
    return { ...swept, orders, idFilterRebuilt: await ensureIdFilter(d) };
  },
});

/** The feature's background functions by name (functions/<name>/index.ts). */
export const HOLDS_JOBS = { 'hold-sweeper': holdSweeper };

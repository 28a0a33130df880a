import { logger } from '#kernel/observability/logger.ts';
import type { DepsOf } from '#platform/http/route.ts';
import { defineBusJob } from '#platform/lambda/jobs.ts';
import { issueTickets } from '#shared/tickets/tickets.ts';

/** OrderPaid → the order's tickets, signed (idempotent; a throw is retried). */
export const ticketIssuer = /* @__PURE__ */ defineBusJob({
  kind: 'bus',
  detailTypes: ['OrderPaid'],
  // A paid order left without tickets costs a customer: retried, then kept in the DLQ.
  malformed: 'retry',
  retryAttempts: 10,
  ruleId: 'OrderPaidToTickets',
  reservedConcurrency: 20,
  summary: 'Issues signed tickets for a paid order',
  needs: { table: 'readWrite', events: true, secrets: ['ticketSigning'] },
  run: async ({ detail: { orderNumber } }, d: DepsOf<typeof issueTickets>) => {
    const result = await issueTickets(d, orderNumber);
    logger.info('tickets processed', { orderNumber, result });
    return { result };
  },
});

/** The feature's background functions by name (functions/<name>/index.ts). */
export const TICKETS_JOBS = { 'ticket-issuer': ticketIssuer };

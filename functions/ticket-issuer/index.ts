import { logger } from '#kernel/observability/logger.ts';
import { eventHandler } from '#platform/lambda/message-handlers.ts';
import { deps } from '#shared/app/container.ts';
import { issueTickets } from '#shared/tickets/tickets.ts';

/** EventBridge rule target for OrderPaid: issues the order's tickets (idempotent; a throw is retried). */
export const handler = eventHandler(
  'ticket-issuer',
  ['OrderPaid'],
  async ({ detail: { orderNumber } }) => {
    const result = await issueTickets(deps(), orderNumber);
    logger.info('tickets processed', { orderNumber, result });
    return { result };
  },
  // A paid order left without tickets costs a customer: retried, then kept in the DLQ.
  { malformed: 'retry' },
);

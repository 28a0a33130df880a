import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { logger } from '#kernel/observability/logger.ts';
import { withSecrets } from '#platform/clients/secrets.ts';
import { deps } from '#shared/app/container.ts';
import { issueTickets } from '#shared/tickets/tickets.ts';

const Detail = z.object({ orderNumber: z.string().check(z.regex(/^\d{1,19}$/)) });

/** EventBridge rule target for OrderPaid: issues the order's tickets (idempotent; a throw is retried). */
export const handler = withSecrets(async (event: EventBridgeEvent<'OrderPaid', unknown>) => {
  const { orderNumber } = Detail.parse(event.detail);
  const result = await issueTickets(deps(), orderNumber);
  logger.info('tickets processed', { orderNumber, result });
  return { result };
});

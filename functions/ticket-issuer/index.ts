import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { deps } from '#shared/app/container.ts';
import { withSecrets } from '#shared/config/secrets.ts';
import { logger } from '#shared/http/logger.ts';
import { issueTickets } from '#shared/tickets/tickets.ts';

const Detail = z.object({ orderNumber: z.string().check(z.regex(/^\d{1,19}$/)) });

/** EventBridge rule target for OrderPaid: issues the order's tickets (idempotent; a throw is retried). */
export const handler = withSecrets(async (event: EventBridgeEvent<'OrderPaid', unknown>) => {
  const { orderNumber } = Detail.parse(event.detail);
  const result = await issueTickets(deps(), orderNumber);
  logger.info('tickets processed', { orderNumber, result });
  return { result };
});

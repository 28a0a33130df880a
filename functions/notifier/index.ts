import type { EventBridgeEvent } from 'aws-lambda';
import type { DomainEvent } from '#kernel/events.ts';
import { withSecrets } from '#platform/clients/secrets.ts';
import { deps } from '#shared/app/container.ts';
import { notifyBuyer } from '#shared/notifications/notify-buyer.ts';

/** Bus rule target (TicketsIssued, RefundCompleted, WaitlistOffered): tells the buyer. Throws to be retried. */
export const handler = withSecrets(async (event: EventBridgeEvent<string, unknown>) => {
  const sent = await notifyBuyer(deps(), { type: event['detail-type'], detail: event.detail } as DomainEvent);
  return { sent };
});

import type { EventBridgeEvent } from 'aws-lambda';
import { deps } from '#shared/app/container.ts';
import { withSecrets } from '#shared/config/secrets.ts';
import { notifyBuyer } from '#shared/notifications/notify-buyer.ts';
import type { DomainEvent } from '#shared/ports/event-bus.ts';

/** Bus rule target (TicketsIssued, RefundCompleted, WaitlistOffered): tells the buyer. Throws to be retried. */
export const handler = withSecrets(async (event: EventBridgeEvent<string, unknown>) => {
  const sent = await notifyBuyer(deps(), { type: event['detail-type'], detail: event.detail } as DomainEvent);
  return { sent };
});

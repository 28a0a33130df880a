import { eventHandler } from '#platform/lambda/message-handlers.ts';
import { deps } from '#shared/app/container.ts';
import { notifyBuyer } from '#shared/notifications/notify-buyer.ts';

/** Bus rule target (TicketsIssued, RefundCompleted, WaitlistOffered, SessionCancelled): tells the buyer. Throws to be retried. */
export const handler = eventHandler(
  'notifier',
  ['TicketsIssued', 'RefundCompleted', 'WaitlistOffered', 'SessionCancelled'],
  async (event) => ({ sent: await notifyBuyer(deps(), event) }),
  { malformed: 'drop' },
);

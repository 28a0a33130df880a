import type { DomainEvent } from '#kernel/events.ts';
import type { Notification, NotificationTemplate, NotifyDeps } from './port.ts';

/** What an event tells the buyer, and the fact it is about (a repeat of the fact is not re-sent). */
function message(
  event: DomainEvent,
):
  | { userId: string; fact: string; template: NotificationTemplate; data: Record<string, string | number> }
  | undefined {
  switch (event.type) {
    case 'TicketsIssued':
      return {
        userId: event.detail.userId,
        fact: `tickets:${event.detail.orderNumber}`,
        template: 'TICKETS_ISSUED',
        data: { orderNumber: event.detail.orderNumber, tickets: event.detail.tickets },
      };
    case 'RefundCompleted':
      return {
        userId: event.detail.userId,
        fact: `refund:${event.detail.paymentId}`,
        template: 'REFUND_COMPLETED',
        data: { orderNumber: event.detail.orderNumber, amountCents: event.detail.amountCents },
      };
    case 'SessionCancelled':
      return {
        userId: event.detail.userId,
        fact: `session-cancelled:${event.detail.orderNumber}`,
        template: 'SESSION_CANCELLED',
        data: {
          orderNumber: event.detail.orderNumber,
          reason: event.detail.reason,
          refund: event.detail.refund ? 'yes' : 'no',
        },
      };
    case 'WaitlistOffered':
      return {
        userId: event.detail.userId,
        fact: `waitlist:${event.detail.waitlistId}:${event.detail.offerExpiresAt}`,
        template: 'WAITLIST_OFFER',
        data: { count: event.detail.count, offerExpiresAt: event.detail.offerExpiresAt },
      };
    default:
      return undefined;
  }
}

/**
 * The notifier (a bus rule's target): SMS to the buyer's mobile, and email when the account
 * has one and email can be sent. Each message goes once per fact (events are at-least-once);
 * a message that fails to send is forgotten and the handler throws, so EventBridge retries it.
 * Returns the messages sent.
 */
export async function notifyBuyer(d: NotifyDeps, event: DomainEvent): Promise<number> {
  const m = message(event);
  if (!m) return 0;
  const user = await d.users.get(m.userId);
  if (!user) return 0;
  const outgoing: Notification[] = [{ to: user.mobile, channel: 'sms', template: m.template, data: m.data }];
  if (user.email && d.notifier.sendsEmail)
    outgoing.push({ to: user.email, channel: 'email', template: m.template, data: m.data });
  let sent = 0;
  for (const n of outgoing) {
    const key = `notify:${m.fact}:${n.channel}`;
    if (!(await d.once.first(key, 7 * 86_400))) continue;
    try {
      await d.notifier.send(n);
      sent++;
    } catch (err) {
      await d.once.forget(key);
      throw err;
    }
  }
  return sent;
}

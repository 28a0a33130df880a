import { defineBusJob } from '#platform/lambda/jobs.ts';
import { notifyBuyer } from './notify-buyer.ts';
import type { NotifyDeps } from './port.ts';

/** The facts a buyer is told of → SMS, and email where the account has one. */
export const notifier = /* @__PURE__ */ defineBusJob({
  kind: 'bus',
  detailTypes: ['TicketsIssued', 'RefundCompleted', 'WaitlistOffered', 'SessionCancelled'],
  // A detail that does not parse names no buyer to tell: logged and dropped.
  malformed: 'drop',
  retryAttempts: 8,
  ruleId: 'BuyerNotifications',
  reservedConcurrency: 10,
  summary:
    'Tells buyers by SMS (SNS) and email (SES) about tickets, refunds, waitlist offers and cancelled shows',
  needs: { table: 'read', notify: true },
  // A message that fails to send throws, so EventBridge retries it.
  run: async (event, d: NotifyDeps) => ({ sent: await notifyBuyer(d, event) }),
});

/** The feature's background functions by name (functions/<name>/index.ts). */
export const NOTIFICATION_JOBS = { notifier };

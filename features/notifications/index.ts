/**
 * Notifications (通知): what buyers are told by SMS and email (tickets issued, refunds,
 * waitlist offers, cancelled shows), once per fact. The public surface of
 * features/notifications: other code imports this file only (test/architecture/import-rules.test.ts).
 */
export { composeAwsNotifier, composeOnceGuard } from './compose.ts';
export { NOTIFICATION_JOBS } from './jobs.ts';
export { OutboxNotifier } from './outbox-notifier.ts';
export {
  NOTIFICATION_TEMPLATES,
  type Notification,
  type NotificationTemplate,
  type Notifier,
  type OnceGuard,
} from './port.ts';
export { render } from './templates.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in. */
export const NOTIFICATIONS_STACK = 'Orders';

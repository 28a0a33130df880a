import type { UserRecords } from '#features/users/index.ts';

/** What buyers are told (API.md, Notifications): one template each, on SMS and email. */
export const NOTIFICATION_TEMPLATES = [
  'TICKETS_ISSUED',
  'REFUND_COMPLETED',
  'WAITLIST_OFFER',
  'SESSION_CANCELLED',
] as const;
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number];

export interface Notification {
  /** A mobile number (sms) or an email address (email). */
  to: string;
  channel: 'sms' | 'email';
  template: NotificationTemplate;
  data: Record<string, string | number>;
}

/** SMS (Amazon SNS) and email (Amazon SES) in AWS; the local outbox locally and in tests. */
export interface Notifier {
  /** Whether email can be sent (a verified sender is configured). */
  readonly sendsEmail: boolean;
  send(n: Notification): Promise<void>;
}

/** Remembers what was done once (notifications are at-least-once events: repeats are dropped). */
export interface OnceGuard {
  /** True the first time `key` is seen within `ttlSeconds`. */
  first(key: string, ttlSeconds: number): Promise<boolean>;
  /** Forgets a key whose work failed, so a retry may do it. */
  forget(key: string): Promise<void>;
}

/** What the notifier runs on: the buyer's contact details, the channels, and once-per-fact. */
export interface NotifyDeps {
  users: Pick<UserRecords, 'get'>;
  notifier: Notifier;
  once: OnceGuard;
}

/**
 * The waitlist (候补): a sold-out tier's line, served first come first served when seats are
 * released, with a hold placed for the user or a notice. The public surface of features/waitlist.
 */
export { composeWaitlist } from './compose.ts';
export { WAITLIST_JOBS } from './jobs.ts';
export type {
  HoldsForWaitlist,
  SessionsForWaitlist,
  WaitlistDeps,
  WaitlistQueue,
  WaitlistRecords,
  WaitlistRequest,
} from './port.ts';
export { WAITLIST_ROUTES } from './routes.ts';
export { WAITLIST_STATUSES, type WaitlistRecord, type WaitlistStatus } from './schema.ts';
export { offerReleasedSeats } from './waitlist.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in. */
export const WAITLIST_STACK = 'Booking';

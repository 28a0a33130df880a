/**
 * Holds (占座): a buyer's seats held for a while, before an order. So far its routes (routes.ts);
 * the use cases, the hold policy and the Redis inventory are still in shared/booking/ and
 * shared/inventory/. The public surface of features/holds: other code imports this file only
 * (test/architecture/import-rules.test.ts).
 */
export { HOLDS_JOBS } from './jobs.ts';
export { HOLDS_ROUTES } from './routes.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in. */
export const HOLDS_STACK = 'Booking';

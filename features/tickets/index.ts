/**
 * Tickets (电子票): a buyer's tickets and the gate's check-in. So far its routes (routes.ts); the
 * use cases, the signer and the store are still in shared/tickets/. The public surface of
 * features/tickets: other code imports this file only (test/architecture/import-rules.test.ts).
 */
export { TICKETS_JOBS } from './jobs.ts';
export { TICKETS_ROUTES } from './routes.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in. */
export const TICKETS_STACK = 'Orders';

/**
 * Payments (支付): pay links, the providers' notifies, payment checks and refunds. So far its
 * routes (routes.ts); the use cases and providers are still in shared/payments/. The public
 * surface of features/payments: other code imports this file only (test/architecture/import-
 * rules.test.ts).
 */
export { PAYMENTS_JOBS } from './jobs.ts';
export { PAYMENTS_ROUTES } from './routes.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in. */
export const PAYMENTS_STACK = 'Payments';

/**
 * Health (健康检查): whether Redis and DynamoDB answer, for load balancers, uptime checks and
 * the deploy's smoke test. The public surface of features/health: other code imports this file
 * only (test/architecture/import-rules.test.ts).
 */
export type { HealthProbes } from './port.ts';
export { HEALTH_ROUTES } from './routes.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in. */
export const HEALTH_STACK = 'Accounts';

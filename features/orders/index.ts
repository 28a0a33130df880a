/**
 * Orders (订单): an order number at once, the order written from SQS, reads, lists and cancels. So
 * far its routes (routes.ts); the use cases, the order state machine and the stores are still in
 * shared/orders/. The public surface of features/orders: other code imports this file only
 * (test/architecture/import-rules.test.ts).
 */
export { ORDERS_ROUTES } from './routes.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in. */
export const ORDERS_STACK = 'Orders';

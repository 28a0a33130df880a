/**
 * An order's statuses, by name. Their moves and what each means for money are the order
 * state machine's (shared/orders/order-status.ts); the names are here because more than the
 * orders name them (a session's stats count its orders by status).
 */
export const ORDER_STATUSES = [
  'PENDING',
  'PENDING_PAYMENT',
  'PAID',
  'TICKETED',
  'EXPIRED',
  'CANCELLED',
  'FAILED',
  'REFUND_PENDING',
  'REFUNDED',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

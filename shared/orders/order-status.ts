/**
 * The order state machine (DESIGN.md 5), in one table: every status, every move between
 * them, and what each status means for money. The DynamoDB adapter builds its conditions
 * from `ORDER_MOVES` (each move is one conditional write), and expiry, payments, refunds and
 * the ticket issuer ask the predicates below instead of keeping their own lists.
 *
 *   PENDING ──write──▶ PENDING_PAYMENT ──pay──▶ PAID ──issueTickets──▶ TICKETED
 *      │                  │      │                └────────┬───────────────┘
 *     fail             expire  cancel                requestRefund
 *      ▼                  ▼      ▼                          ▼
 *    FAILED           EXPIRED  CANCELLED             REFUND_PENDING ──completeRefund──▶ REFUNDED
 *                         └──────┴──────refundLatePayment───────────────────────────────▲
 */
// The statuses' names are kernel vocabulary (a session's stats count orders by them); their
// moves and meanings are this table's.
export { ORDER_STATUSES, type OrderStatus } from '#kernel/order-statuses.ts';

import type { OrderStatus } from '#kernel/order-statuses.ts';

interface Move {
  readonly from: readonly OrderStatus[];
  readonly to: OrderStatus;
  /** Refused once a ticket of the order was checked in (the order counts check-ins). */
  readonly unlessCheckedIn?: true;
}

/** The only moves an order can make; anything else is refused by the write's condition. */
export const ORDER_MOVES = {
  /** The order writer took the queued order: seats durable, payment awaited. */
  write: { from: ['PENDING'], to: 'PENDING_PAYMENT' },
  /** The order writer could not take it (seat taken, too old): recorded, nothing held. */
  fail: { from: ['PENDING'], to: 'FAILED' },
  /** The hold ran out before a payment arrived. */
  expire: { from: ['PENDING_PAYMENT'], to: 'EXPIRED' },
  /** The buyer gave up before paying. */
  cancel: { from: ['PENDING_PAYMENT'], to: 'CANCELLED' },
  /** The provider confirmed the payment in time. */
  pay: { from: ['PENDING_PAYMENT'], to: 'PAID' },
  issueTickets: { from: ['PAID'], to: 'TICKETED' },
  /** A ticket used at the gate cannot be refunded: exactly one of the two wins a race. */
  requestRefund: { from: ['PAID', 'TICKETED'], to: 'REFUND_PENDING', unlessCheckedIn: true },
  /** The organiser cancelled the session: every paid order's money goes back, used tickets or not. */
  cancelRefund: { from: ['PAID', 'TICKETED'], to: 'REFUND_PENDING' },
  completeRefund: { from: ['REFUND_PENDING'], to: 'REFUNDED' },
  /** Money that arrived after the order ended goes back: the order ends refunded. */
  refundLatePayment: { from: ['EXPIRED', 'CANCELLED'], to: 'REFUNDED' },
} as const satisfies Record<string, Move>;

export type OrderMove = keyof typeof ORDER_MOVES;

/** Who or what makes each move, for the order's history (an organiser's cancel says so itself). */
export const MOVE_ACTORS: Record<OrderMove, string> = {
  write: 'order-writer',
  fail: 'order-writer',
  expire: 'expiry',
  cancel: 'buyer',
  pay: 'payment',
  issueTickets: 'ticket-issuer',
  requestRefund: 'buyer',
  cancelRefund: 'admin',
  completeRefund: 'payment-provider',
  refundLatePayment: 'payment-reconciler',
};

/** Moves that end an unpaid order (its seat states go back with it). */
export type UnpaidEnd = 'expire' | 'cancel';

/** Moves that change the order alone (no seat-state items in the same write). */
export type PlainMove = 'issueTickets' | 'requestRefund' | 'cancelRefund' | 'refundLatePayment';

const PAID: ReadonlySet<OrderStatus> = new Set(['PAID', 'TICKETED', 'REFUND_PENDING', 'REFUNDED']);
const LATE: ReadonlySet<OrderStatus> = new Set(['EXPIRED', 'CANCELLED', 'FAILED', 'REFUNDED']);

/** Whether `move` may start from `status`. */
export function canMove(status: OrderStatus, move: OrderMove): boolean {
  return (ORDER_MOVES[move].from as readonly OrderStatus[]).includes(status);
}

/** Money was taken for these seats: expiry must never release them. */
export function isPaid(status: OrderStatus): boolean {
  return PAID.has(status);
}

/** Paid and still the buyer's: the seats are sold to this order, its tickets admit. */
export const SOLD_STATUSES: readonly OrderStatus[] = ['PAID', 'TICKETED'];

export function isSold(status: OrderStatus): boolean {
  return SOLD_STATUSES.includes(status);
}

/** A payment arriving now cannot buy the seats: the order ended unpaid or was refunded. */
export function isLate(status: OrderStatus): boolean {
  return LATE.has(status);
}

/** No move starts here. */
export function isFinal(status: OrderStatus): boolean {
  return !Object.values(ORDER_MOVES).some((m) => (m.from as readonly OrderStatus[]).includes(status));
}

/** The buyer may ask for the money back (a pending refund may be asked again). */
export function isRefundable(status: OrderStatus): boolean {
  return canMove(status, 'requestRefund') || status === 'REFUND_PENDING';
}

/**
 * The background work an order in a status waits for, and the time it is due from (the
 * table's GSI3 list): an unpaid order must end at its expiry even when Redis lost its hold; a
 * paid one must get its tickets. Every move sets or clears this in the same write.
 */
export type OrderWork = 'unpaid' | 'unticketed';

export const ORDER_WORK: Partial<Record<OrderStatus, OrderWork>> = {
  PENDING_PAYMENT: 'unpaid',
  PAID: 'unticketed',
};

import type { VoucherUse } from '#features/vouchers/index.ts';
import type { OrderLine, OrderMessage } from '#shared/orders/order-message.ts';
import type { OrderStatus, OrderWork, PlainMove, UnpaidEnd } from '#shared/orders/order-status.ts';

/** Statuses and their moves: `shared/orders/order-status.ts`; each move is a conditional write. */
/** A seat of an order and its buyer, and the queue message: their schema is `shared/orders/order-message.ts`. */
export type { OrderLine, OrderMessage, OrderStatus };

export interface OrderRecord {
  orderNumber: string;
  userId: string;
  sessionId: string;
  holdId: string;
  status: OrderStatus;
  amountCents: number;
  lines: OrderLine[];
  createdAt: string;
  expiresAt: string;
  failureReason?: 'SEAT_TAKEN' | 'TIMEOUT' | 'HOLD_GONE';
  /** Off the seats' total by a voucher (`amountCents` is after it). */
  discountCents?: number;
  /** The voucher use this order holds (given back when it is cancelled, expires or fails). */
  voucher?: VoucherUse;
  paidAt?: string;
  paymentId?: string;
  lastPaymentId?: string;
  /** Tickets of this order checked in at the gate (a refund is refused once > 0). */
  checkedIn?: number;
  /** Every status the order has had, appended by the same write that moved it (an audit). */
  history?: OrderHistoryEntry[];
}

export interface OrderHistoryEntry {
  status: OrderStatus;
  at: string;
  /** Who or what moved it: `buyer`, `order-writer`, `expiry`, `payment`, `admin`, ... */
  by: string;
}

export type WriteOrderOutcome =
  | { kind: 'written' }
  | { kind: 'exists' }
  | { kind: 'seat-taken'; seatIds: string[] };

export interface OrderPage {
  items: OrderRecord[];
  cursor: Record<string, unknown> | undefined;
}

/** Reading an order by its number: all the hot path's composition needs of the orders. */
export type OrderReads = Pick<OrderRecords, 'get'>;

export interface OrderRecords {
  /**
   * One transaction: the order (condition: not exists) and one seat-state item per seat
   * (condition: not exists) — the durable guard against selling a seat twice.
   */
  writePendingPayment(order: OrderRecord): Promise<WriteOrderOutcome>;
  /** Records an order that could not be written (no seat states); false if one exists. */
  writeFailed(order: OrderRecord): Promise<boolean>;
  get(orderNumber: string): Promise<OrderRecord | undefined>;
  listByUser(
    userId: string,
    opts: { limit: number; cursor?: Record<string, unknown>; status?: OrderStatus },
  ): Promise<OrderPage>;
  /**
   * `expire` or `cancel` and the seat states deleted (each on the condition that it is this
   * hold's), in one transaction. False when the move cannot start from the order's status.
   */
  endUnpaid(order: OrderRecord, move: UnpaidEnd, nowIso: string, by?: string): Promise<boolean>;
  /**
   * `pay` with its payment, every seat state HELD → SOLD (conditional on the holdId) and the
   * order's OrderPaid in the outbox (shared/events/outbox.ts), in one transaction. False when
   * the move cannot start from the order's status.
   */
  markPaid(order: OrderRecord, paymentId: string, paidAt: string, nowMs?: number): Promise<boolean>;
  /** A move with nothing else written; false when it cannot start from the order's status. */
  transition(orderNumber: string, move: PlainMove, nowIso: string, by?: string): Promise<boolean>;
  /** `completeRefund` and the seat states deleted (conditional on the holdId). */
  completeRefund(order: OrderRecord, nowIso: string): Promise<boolean>;
  /** Up to `limit` order numbers of a session in one status (GSI2, eventually consistent). */
  sessionOrderNumbers(sessionId: string, status: OrderStatus, limit: number): Promise<string[]>;
  /** How many orders of a session are in each status (GSI2). */
  countBySession(sessionId: string): Promise<Partial<Record<OrderStatus, number>>>;
  /**
   * Order numbers on a work list (ORDER_WORK) due before `beforeIso`, oldest first, at most
   * `limit`, across the list's shards.
   */
  dueOrders(work: OrderWork, beforeIso: string, limit: number): Promise<string[]>;
  /** How many orders on a work list are due before `beforeIso` (counted in the index, keys only). */
  countDue(work: OrderWork, beforeIso: string): Promise<number>;
  /**
   * Sends a paid order's OrderPaid once more (through the outbox, with the mark in the same
   * transaction); false when it already was (once per order).
   */
  nudgeOnce(order: OrderRecord, atIso: string): Promise<boolean>;
  /** Remembers the order's latest payment (for payment-check). */
  setLastPayment(orderNumber: string, paymentId: string): Promise<void>;
}

/** SQS (production) or the local SQS server: the V4 order queue. */
export interface OrderQueue {
  send(message: OrderMessage): Promise<void>;
}

/** Orders accepted (202) but not yet written by the order writer, so a poll sees them at once. */
export interface PendingOrderStore {
  put(order: OrderRecord): Promise<void>;
  get(orderNumber: string): Promise<OrderRecord | undefined>;
  delete(orderNumber: string): Promise<void>;
}

/** Unique, time-ordered order numbers (decimal snowflakes). */
export interface OrderNumbers {
  next(userId: string): Promise<string>;
}

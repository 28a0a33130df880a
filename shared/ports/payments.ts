/**
 * CREATED → SUCCEEDED (money taken) | FAILED (declined) | CLOSED (the trade closed unpaid at
 * the order's end); SUCCEEDED → REFUND_PENDING (money owed back) → REFUNDED (the provider
 * confirmed). A FAILED payment may still succeed later (the provider's word wins).
 */
export type PaymentStatus = 'CREATED' | 'SUCCEEDED' | 'FAILED' | 'CLOSED' | 'REFUND_PENDING' | 'REFUNDED';

export interface PaymentRecord {
  paymentId: string;
  orderNumber: string;
  userId: string;
  amountCents: number;
  channel: string;
  status: PaymentStatus;
  createdAt: string;
  paidAt?: string;
  closedAt?: string;
  refundReason?: string;
  refundRequestedAt?: string;
  refundAttempts?: number;
  refundedAt?: string;
}

/** Work the payment reconciler finds by due time: open trades to check, refunds to retry. */
export type PaymentWork = 'open' | 'refund';

export interface PaymentRecords {
  /** A CREATED payment, due for its first check by the reconciler at `checkAtIso`. */
  create(p: PaymentRecord, checkAtIso: string): Promise<void>;
  get(paymentId: string): Promise<PaymentRecord | undefined>;
  /** CREATED|FAILED|CLOSED → SUCCEEDED. False when it already was (a repeated callback). */
  markSucceeded(paymentId: string, paidAt: string): Promise<boolean>;
  /** CREATED → FAILED; a later success still wins. */
  markFailed(paymentId: string): Promise<void>;
  /** CREATED → CLOSED: the provider closed the trade unpaid. */
  markClosed(paymentId: string, nowIso: string): Promise<boolean>;
  /** A CREATED payment checked again at `atIso`. */
  checkLater(paymentId: string, atIso: string): Promise<void>;
  /** SUCCEEDED → REFUND_PENDING, due for an attempt now. False when it was not SUCCEEDED. */
  requestRefund(paymentId: string, reason: string, nowIso: string): Promise<boolean>;
  /** A pending refund tried again at `atIso` (its attempts counted). */
  refundLater(paymentId: string, atIso: string, attempts: number): Promise<void>;
  /** REFUND_PENDING → REFUNDED. False when it was not pending. */
  markRefunded(paymentId: string, nowIso: string): Promise<boolean>;
  /** Payments whose check or refund attempt is due by `nowIso`, earliest first, at most `limit`. */
  due(work: PaymentWork, nowIso: string, limit: number): Promise<PaymentRecord[]>;
}

/** What the provider says about a payment (callback or active query). */
export interface PaymentResult {
  paymentId: string;
  orderNumber: string;
  amountCents: number;
  status: 'SUCCESS' | 'FAILED' | 'PENDING';
  paidAt?: string;
}

/** A payment gateway. The product ships a signed sandbox; real gateways implement this. */
export interface PaymentProvider {
  readonly channel: string;
  create(p: { paymentId: string; orderNumber: string; amountCents: number }): Promise<{ payUrl: string }>;
  /** Active query, for callbacks that were lost (seed 001 主动查询). */
  query(paymentId: string): Promise<PaymentResult | undefined>;
  /** Idempotent per payment (one refund request number each): repeating it refunds once. */
  refund(p: {
    paymentId: string;
    orderNumber: string;
    amountCents: number;
    reason: string;
  }): Promise<{ refunded: boolean }>;
  /**
   * Closes an unpaid trade so it can no longer be paid. `closed: false` when it was paid
   * meanwhile (query it and apply the result).
   */
  close(paymentId: string): Promise<{ closed: boolean }>;
}

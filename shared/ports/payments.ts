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

/** The channels the product can take money through (which are enabled depends on where it runs). */
export const PAYMENT_CHANNELS = ['sandbox', 'alipay'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

/** Where the buyer pays: a phone's browser or app (Alipay wap.pay), or a computer (page.pay). */
export type PayDevice = 'mobile' | 'pc';

/** What the provider says about a payment (notify or active query). */
export interface PaymentResult {
  paymentId: string;
  /** The amount the provider took or asks for; a result that differs from the payment is not applied. */
  amountCents: number;
  /** CLOSED: the trade is closed unpaid at the provider (timed out or closed by us); it never will be paid. */
  status: 'SUCCESS' | 'FAILED' | 'PENDING' | 'CLOSED';
  paidAt?: string;
}

/** A provider's asynchronous notify, checked: a verified result, or why it was refused. */
export type NotifyCheck =
  | { ok: true; result: PaymentResult }
  | { ok: false; reason: 'signature' | 'app' | 'seller' | 'malformed' };

/** A payment gateway. The product ships Alipay and a signed sandbox. */
export interface PaymentProvider {
  readonly channel: PaymentChannel;
  /**
   * The link the buyer pays at. The trade cannot be paid after `expiresAt` (the order's end),
   * so a link opened late fails at the provider instead of taking money for a lost order.
   */
  create(p: {
    paymentId: string;
    orderNumber: string;
    amountCents: number;
    expiresAt: string;
    device: PayDevice;
  }): Promise<{ payUrl: string }>;
  /** Active query, for notifies that were lost (seed 001 主动查询). */
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
  /** Providers that notify with signed form posts verify them here (Alipay). */
  checkNotify?(fields: Record<string, string>): Promise<NotifyCheck>;
}

/** The providers enabled where the product runs. */
export interface PaymentProviders {
  /** The channels a buyer may choose here. */
  readonly channels: readonly PaymentChannel[];
  /** The provider of an enabled channel, built on first use; undefined when not enabled here. */
  get(channel: string): PaymentProvider | undefined;
}

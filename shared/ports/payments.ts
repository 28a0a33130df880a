export type PaymentStatus = 'CREATED' | 'SUCCEEDED' | 'FAILED' | 'REFUNDED';

export interface PaymentRecord {
  paymentId: string;
  orderNumber: string;
  userId: string;
  amountCents: number;
  channel: string;
  status: PaymentStatus;
  createdAt: string;
  paidAt?: string;
}

export interface PaymentRecords {
  create(p: PaymentRecord): Promise<void>;
  get(paymentId: string): Promise<PaymentRecord | undefined>;
  /** CREATED|FAILED → SUCCEEDED. False when it already was (a repeated callback). */
  markSucceeded(paymentId: string, paidAt: string): Promise<boolean>;
  /** CREATED → FAILED; a later success still wins. */
  markFailed(paymentId: string): Promise<void>;
  markRefunded(paymentId: string): Promise<void>;
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
  refund(p: {
    paymentId: string;
    orderNumber: string;
    amountCents: number;
    reason: string;
  }): Promise<{ refunded: boolean }>;
}

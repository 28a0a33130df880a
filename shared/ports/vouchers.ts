/** A program's discount code (seed 002 P1 优惠券). */
export interface VoucherRecord {
  programId: string;
  /** Upper case, as buyers may type it in any case. */
  code: string;
  kind: 'PERCENT' | 'AMOUNT';
  /** PERCENT: 1–100 off; AMOUNT: cents off the order (never below zero). */
  value: number;
  maxUses: number;
  /** Orders holding a use now (cancelled, expired and failed orders give theirs back). */
  used: number;
  perUserOnce: boolean;
  validUntil?: string;
  /** Only seats of these tiers are discounted (all tiers when absent). */
  tierIds?: string[];
  createdAt: string;
}

/** A use of a voucher by one order: what the order carries to give it back. */
export interface VoucherUse {
  programId: string;
  code: string;
  userId: string;
  orderNumber: string;
  perUserOnce: boolean;
}

export type RedeemOutcome = 'redeemed' | 'exhausted' | 'used-by-user' | 'missing';

export interface VoucherRecords {
  /** False when the program already has this code. */
  create(v: VoucherRecord): Promise<boolean>;
  get(programId: string, code: string): Promise<VoucherRecord | undefined>;
  list(programId: string): Promise<VoucherRecord[]>;
  /**
   * One transaction: `used` + 1 on the condition `used < maxUses`, the order's use recorded
   * and (perUserOnce) the user's. Idempotent per order: a repeat for an order that holds a
   * use answers `redeemed` and counts nothing.
   */
  redeem(use: VoucherUse): Promise<RedeemOutcome>;
  /** The order's use deleted and `used` − 1, together; false when the order held none (a repeat). */
  giveBack(use: VoucherUse): Promise<boolean>;
}

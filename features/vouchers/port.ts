import type { VoucherRecord, VoucherUse } from './schema.ts';

export type RedeemOutcome = 'redeemed' | 'exhausted' | 'used-by-user' | 'missing';

/** Where vouchers and their uses are kept (DynamoDB: dynamodb-voucher-records.ts). */
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

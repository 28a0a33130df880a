/**
 * Vouchers (优惠券): a program's discount codes, their rules and their uses. The public surface
 * of features/vouchers: other code imports this file only (test/architecture/import-rules.test.ts).
 */
export { composeVouchers } from './compose.ts';
export type { RedeemOutcome, VoucherRecords } from './port.ts';
export { VOUCHER_ROUTES } from './routes.ts';
export {
  VOUCHER_KINDS,
  VoucherCode,
  type VoucherInput,
  type VoucherKind,
  type VoucherRecord,
  type VoucherUse,
  VoucherUseSchema,
} from './schema.ts';
export {
  discountOf,
  giveBackVoucher,
  type PricedSeat,
  type ProgramsForVouchers,
  redeemVoucher,
  type VoucherDeps,
} from './vouchers.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in. */
export const VOUCHERS_STACK = 'Organiser';

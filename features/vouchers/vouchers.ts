import type { Clock } from '#kernel/clock.ts';
import { DomainError, notFound } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import type { VoucherRecords } from './port.ts';
import type { VoucherInput, VoucherRecord, VoucherUse } from './schema.ts';

/**
 * What vouchers need to know of the catalogue: a program's tiers (a code may be limited to
 * some) and a session's program (codes belong to programs). The catalogue's records satisfy it.
 */
export interface ProgramsForVouchers {
  getProgram(programId: string): Promise<{ sessions: { tiers: { tierId: string }[] }[] } | undefined>;
  getSession(sessionId: string): Promise<{ programId: string } | undefined>;
}

/** What the voucher rules run on: their records, the programs they belong to, the clock. */
export interface VoucherDeps {
  vouchers: VoucherRecords;
  catalogue: ProgramsForVouchers;
  clock: Clock;
}

/** A seat of an order as a voucher sees it: its tier and its price. */
export interface PricedSeat {
  tierId: string;
  priceCents: number;
}

const invalid = (reason: 'UNKNOWN' | 'EXPIRED' | 'WRONG_TIER' | 'ALREADY_USED', message: string) =>
  new DomainError('VOUCHER_INVALID', message, { reason });

/** `POST /v1/admin/programs/{id}/vouchers`: a code for the program's sessions. */
export async function createVoucher(
  d: VoucherDeps,
  programId: string,
  input: VoucherInput,
): Promise<VoucherRecord> {
  const program = await d.catalogue.getProgram(programId);
  if (!program) throw notFound('Program');
  const tiers = new Set(program.sessions.flatMap((s) => s.tiers.map((t) => t.tierId)));
  const unknown = (input.tierIds ?? []).filter((t) => !tiers.has(t));
  if (unknown.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'Unknown tiers', {
      fields: unknown.map((t) => ({ path: 'body.tierIds', message: `no tier ${t} in this program` })),
    });
  }
  const voucher: VoucherRecord = {
    programId,
    code: input.code.toUpperCase(),
    kind: input.kind,
    value: input.value,
    maxUses: input.maxUses,
    used: 0,
    perUserOnce: input.perUserOnce ?? true,
    ...(input.validUntil ? { validUntil: new Date(input.validUntil).toISOString() } : {}),
    ...(input.tierIds ? { tierIds: input.tierIds } : {}),
    createdAt: new Date(d.clock.now()).toISOString(),
  };
  if (!(await d.vouchers.create(voucher))) {
    throw new DomainError('VOUCHER_EXISTS', 'The program already has this code', { code: voucher.code });
  }
  return voucher;
}

/** `GET /v1/admin/programs/{id}/vouchers`: every code with its uses. */
export async function listVouchers(d: VoucherDeps, programId: string): Promise<{ items: VoucherRecord[] }> {
  if (!(await d.catalogue.getProgram(programId))) throw notFound('Program');
  const items = await d.vouchers.list(programId);
  return { items: items.sort((a, b) => a.code.localeCompare(b.code)) };
}

/** What a voucher takes off these seats: PERCENT of the eligible ones (rounded down), or AMOUNT up to them. */
export function discountOf(
  v: Pick<VoucherRecord, 'kind' | 'value' | 'tierIds'>,
  seats: readonly PricedSeat[],
): number {
  const eligible = seats
    .filter((l) => !v.tierIds || v.tierIds.includes(l.tierId))
    .reduce((sum, l) => sum + l.priceCents, 0);
  return v.kind === 'PERCENT' ? Math.floor((eligible * v.value) / 100) : Math.min(v.value, eligible);
}

/**
 * The order's price with a voucher, the use counted (atomically in DynamoDB: never more than
 * `maxUses`, once per user when so set). Throws VOUCHER_INVALID / VOUCHER_EXHAUSTED and counts
 * nothing when the code cannot be used.
 */
export async function redeemVoucher(
  d: VoucherDeps,
  o: { code: string; sessionId: string; userId: string; orderNumber: string; lines: readonly PricedSeat[] },
): Promise<{ discountCents: number; use: VoucherUse }> {
  const session = await d.catalogue.getSession(o.sessionId);
  if (!session) throw notFound('Session');
  const code = o.code.toUpperCase();
  const voucher = await d.vouchers.get(session.programId, code);
  if (!voucher) throw invalid('UNKNOWN', 'No such voucher for this show');
  if (voucher.validUntil && d.clock.now() >= Date.parse(voucher.validUntil))
    throw invalid('EXPIRED', 'The voucher has expired');
  if (voucher.tierIds && !o.lines.some((l) => voucher.tierIds!.includes(l.tierId)))
    throw invalid('WRONG_TIER', 'The voucher is not valid for these seats');
  const use: VoucherUse = {
    programId: session.programId,
    code,
    userId: o.userId,
    orderNumber: o.orderNumber,
    perUserOnce: voucher.perUserOnce,
  };
  const outcome = await d.vouchers.redeem(use);
  if (outcome === 'exhausted')
    throw new DomainError('VOUCHER_EXHAUSTED', 'The voucher has been used up', { code });
  if (outcome === 'used-by-user') throw invalid('ALREADY_USED', 'You have already used this voucher');
  if (outcome === 'missing') throw invalid('UNKNOWN', 'No such voucher for this show');
  return { discountCents: discountOf(voucher, o.lines), use };
}

/**
 * An order that ended without being paid (cancelled, expired, failed) gives its use back.
 * Idempotent (the use item goes with the count). A failure is logged, not thrown: the order's
 * own move has happened and must not be undone for a count.
 */
export async function giveBackVoucher(
  d: Pick<VoucherDeps, 'vouchers'>,
  order: { voucher?: VoucherUse | undefined },
): Promise<void> {
  if (!order.voucher) return;
  await d.vouchers
    .giveBack(order.voucher)
    .catch((err: unknown) =>
      logger.error('voucher use not given back', { voucher: order.voucher, error: String(err) }),
    );
}

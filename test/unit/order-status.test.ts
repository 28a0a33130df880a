import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canMove,
  isFinal,
  isLate,
  isPaid,
  isRefundable,
  isSold,
  ORDER_MOVES,
  ORDER_STATUSES,
  type OrderMove,
  type OrderStatus,
} from '#shared/orders/order-status.ts';

const moves = Object.keys(ORDER_MOVES) as OrderMove[];

/** Statuses reachable from PENDING by following the table. */
function reachable(): Set<OrderStatus> {
  const seen = new Set<OrderStatus>(['PENDING']);
  let grew = true;
  while (grew) {
    grew = false;
    for (const m of moves) {
      const { from, to } = ORDER_MOVES[m];
      if (from.some((f) => seen.has(f)) && !seen.has(to)) {
        seen.add(to);
        grew = true;
      }
    }
  }
  return seen;
}

describe('order state machine', () => {
  it('reaches every status from PENDING, and no move stays where it is', () => {
    expect([...reachable()].sort()).toEqual([...ORDER_STATUSES].sort());
    for (const m of moves) expect(ORDER_MOVES[m].from).not.toContain(ORDER_MOVES[m].to);
  });

  it('keeps paid money paid: no move leads from a paid status to an unpaid one', () => {
    for (const m of moves) {
      const { from, to } = ORDER_MOVES[m];
      for (const f of from) if (isPaid(f)) expect(isPaid(to), `${m}: ${f} → ${to}`).toBe(true);
    }
  });

  it('answers the predicates the use cases ask, from the table', () => {
    expect(ORDER_STATUSES.filter(isFinal)).toEqual(['FAILED', 'REFUNDED']);
    expect(ORDER_STATUSES.filter(isSold)).toEqual(['PAID', 'TICKETED']);
    expect(ORDER_STATUSES.filter(isRefundable)).toEqual(['PAID', 'TICKETED', 'REFUND_PENDING']);
    // A payment is taken only while PENDING_PAYMENT; arriving in a late status it is refunded.
    expect(ORDER_STATUSES.filter((s) => canMove(s, 'pay'))).toEqual(['PENDING_PAYMENT']);
    expect(ORDER_STATUSES.filter(isLate)).toEqual(['EXPIRED', 'CANCELLED', 'FAILED', 'REFUNDED']);
  });

  it('every walk along the table ends paid-and-kept, refunded, or ended unpaid, never paid twice', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...moves), { maxLength: 20 }), (walk) => {
        let status: OrderStatus = 'PENDING';
        let payments = 0;
        for (const m of walk) {
          if (!canMove(status, m)) continue;
          if (m === 'pay') payments++;
          status = ORDER_MOVES[m].to;
        }
        expect(payments).toBeLessThanOrEqual(1);
        if (payments === 1) expect(isPaid(status)).toBe(true);
        if (isFinal(status)) for (const m of moves) expect(canMove(status, m)).toBe(false);
      }),
    );
  });
});

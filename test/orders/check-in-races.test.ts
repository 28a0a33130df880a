import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '#kernel/errors.ts';
import type { SessionLayout } from '#kernel/session-layout.ts';
import { refundOrder } from '#shared/orders/order-changes.ts';
import { applyPaymentResult } from '#shared/payments/payments.ts';
import { checkIn, issueTickets } from '#shared/tickets/tickets.ts';
import { smallLayout } from '../support/fixtures.ts';
import { inventoryViolations } from '../support/invariants.ts';
import { paidAtGateway } from '../support/paid-orders.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());

const HOUR = 3_600_000;

/** A session on sale that starts in an hour (its gates open, refunds still allowed). */
async function sessionStartingSoon(): Promise<SessionLayout> {
  const layout = smallLayout({ startsAt: new Date(Date.now() + HOUR).toISOString() });
  await d.inventory.warmup({ layout, held: [], sold: [], force: false });
  return layout;
}

/** A paid order for one seat, its payment applied (PAID); tickets issued when asked. */
async function paidOrder(layout: SessionLayout, seatId: string, ticketed: boolean) {
  const p = await paidAtGateway(d, layout.sessionId, [seatId]);
  await applyPaymentResult(d, p.payment, p.result);
  if (ticketed) expect(await issueTickets(d, p.orderNumber)).toBe('issued');
  return p;
}

const outcome = (x: Promise<unknown>) =>
  x.then(
    () => 'won',
    (e: unknown) => {
      if (e instanceof DomainError) return `${e.code}:${String(e.details?.reason ?? e.details?.status)}`;
      throw e;
    },
  );

describe('check-in and refund of the same ticket', () => {
  it('50 trials racing a check-in against a refund: exactly one wins each, and money and seats agree', async () => {
    d.setNow(Date.now());
    const layout = await sessionStartingSoon();
    const seats = Array.from({ length: 20 }, (_, i) => `1-${Math.floor(i / 10) + 1}-${(i % 10) + 1}`).concat(
      Array.from({ length: 24 }, (_, i) => `2-${Math.floor(i / 8) + 1}-${(i % 8) + 1}`),
      // 44 seats here; the last trials use a second session.
    );
    const second = await sessionStartingSoon();
    const tally = { checkIn: 0, refund: 0 };
    for (let trial = 0; trial < 50; trial++) {
      const session = trial < seats.length ? layout : second;
      const seatId = seats[trial % seats.length]!;
      const p = await paidOrder(session, seatId, true);
      const [ticket] = await d.tickets.list(p.orderNumber);
      const gate = () => outcome(checkIn(d, ticket!.qrPayload, session.sessionId));
      const refund = () => outcome(refundOrder(d, p.user, p.orderNumber));
      // Even trials start both at once (the gate's shorter path usually wins); odd ones give
      // the refund a head start of a few milliseconds, so both sides win some races. On a
      // machine loaded by other suites a few ms may not be enough: until a refund has won one,
      // its head start grows with each trial.
      const headStart = trial % 2 === 0 ? 0 : tally.refund === 0 ? 2 + trial : 2 + (trial % 3);
      const refunding = refund();
      await new Promise((resolve) => setTimeout(resolve, headStart));
      const [r, c] = await Promise.all([refunding, gate()]);
      trial % 2 === 0
        ? await Promise.all([gate(), refund()])
        : (await Promise.all([refund(), gate()])).reverse();
      expect(
        [c, r].filter((x) => x === 'won'),
        `trial ${trial}: ${c} / ${r}`,
      ).toHaveLength(1);
      const order = (await d.orders.get(p.orderNumber))!;
      const payment = (await d.payments.get(p.payment.paymentId))!;
      const [after] = await d.tickets.list(p.orderNumber);
      if (c === 'won') {
        tally.checkIn++;
        expect(r).toBe('INVALID_STATE:TICKET_USED');
        expect(order).toMatchObject({ status: 'TICKETED', checkedIn: 1 });
        expect(after!.status).toBe('USED');
        expect(payment.status).toBe('SUCCEEDED');
      } else {
        tally.refund++;
        expect(c).toBe('INVALID_STATE:VOID');
        expect(order.status).toBe('REFUNDED');
        expect(order.checkedIn ?? 0).toBe(0);
        expect(after!.status).toBe('VOID');
        expect(payment.status).toBe('REFUNDED');
      }
    }
    // Both sides won some races (otherwise the race proved nothing).
    expect(tally.checkIn, JSON.stringify(tally)).toBeGreaterThan(0);
    expect(tally.refund, JSON.stringify(tally)).toBeGreaterThan(0);
    expect(await inventoryViolations(d.redis, layout)).toEqual([]);
    expect(await inventoryViolations(d.redis, second)).toEqual([]);
  });

  it('a refund racing the ticket issuer leaves no valid ticket on a refunded order', async () => {
    d.setNow(Date.now());
    const layout = await sessionStartingSoon();
    for (let trial = 0; trial < 20; trial++) {
      const p = await paidOrder(layout, `1-${Math.floor(trial / 10) + 1}-${(trial % 10) + 1}`, false);
      const [issued, refunded] = await Promise.all([
        issueTickets(d, p.orderNumber),
        outcome(refundOrder(d, p.user, p.orderNumber)),
      ]);
      expect(refunded).toBe('won');
      expect((await d.orders.get(p.orderNumber))!.status).toBe('REFUNDED');
      const tickets = await d.tickets.list(p.orderNumber);
      expect(tickets.filter((t) => t.status === 'VALID')).toEqual([]);
      // The issuer either came first (its tickets voided by the refund) or wrote nothing.
      if (issued === 'not-paid') expect(tickets).toEqual([]);
      else expect(tickets.map((t) => t.status)).toEqual(['VOID']);
    }
  });

  it('never turns a USED ticket VOID, and a refunded order gets no tickets', async () => {
    d.setNow(Date.now());
    const layout = await sessionStartingSoon();
    const p = await paidOrder(layout, '2-3-8', true);
    const [ticket] = await d.tickets.list(p.orderNumber);
    await checkIn(d, ticket!.qrPayload, layout.sessionId);
    await d.tickets.voidAll(p.orderNumber);
    expect((await d.tickets.list(p.orderNumber))[0]!.status).toBe('USED');

    const q = await paidOrder(layout, '2-3-7', false);
    await refundOrder(d, q.user, q.orderNumber);
    expect(await issueTickets(d, q.orderNumber)).toBe('not-paid');
    expect(await d.tickets.list(q.orderNumber)).toEqual([]);
  });

  it('admits only at the gate of the ticket’s session and inside its window', async () => {
    const layout = await sessionStartingSoon();
    d.setNow(Date.now());
    const p = await paidOrder(layout, '2-2-8', true);
    const [ticket] = await d.tickets.list(p.orderNumber);
    const starts = Date.parse(layout.startsAt);
    const at = (ms: number) => {
      d.setNow(ms);
      return outcome(checkIn(d, ticket!.qrPayload, layout.sessionId));
    };
    expect(await outcome(checkIn(d, ticket!.qrPayload, 'sess_other_000000000'))).toBe(
      'WRONG_SESSION:undefined',
    );
    expect(await at(starts - 4 * HOUR - 1)).toBe('OUTSIDE_CHECK_IN_WINDOW:undefined');
    expect(await at(starts + 6 * HOUR + 1)).toBe('OUTSIDE_CHECK_IN_WINDOW:undefined');
    expect((await d.tickets.list(p.orderNumber))[0]!.status).toBe('VALID');
    expect(await at(starts - 4 * HOUR)).toBe('won');
    expect(await at(starts)).toBe('ALREADY_USED:undefined');
    d.setNow(Date.now());
  });
});

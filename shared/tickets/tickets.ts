import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import type { Deps } from '#shared/app/deps.ts';
import type { Principal } from '#shared/auth/tokens.ts';
import { DomainError } from '#shared/errors/domain-error.ts';
import { canMove } from '#shared/orders/order-status.ts';
import { ownOrder } from '#shared/orders/own-order.ts';

type TicketDeps = Pick<Deps, 'orders' | 'tickets' | 'ticketSigner' | 'clock'>;

/** A ticket code is derived from order and seat, so a redelivered OrderPaid issues the same ticket. */
const ticketCode = (orderNumber: string, seatId: string): string =>
  `TK${createHash('sha256').update(`${orderNumber}|${seatId}`).digest('hex').slice(0, 12).toUpperCase()}`;

/**
 * The ticket issuer (EventBridge rule on OrderPaid): one ticket per seat, idempotent on
 * order + seat, each with a QR payload signed by the system (Ed25519); then PAID → TICKETED.
 */
export async function issueTickets(
  d: TicketDeps,
  orderNumber: string,
): Promise<'issued' | 'already-ticketed' | 'not-paid'> {
  const order = await d.orders.get(orderNumber);
  if (order?.status === 'TICKETED') return 'already-ticketed';
  if (!order || !canMove(order.status, 'issueTickets')) return 'not-paid';
  const issuedAt = new Date(d.clock.now()).toISOString();
  for (const l of order.lines) {
    const code = ticketCode(orderNumber, l.seatId);
    await d.tickets.issue({
      ticketCode: code,
      orderNumber,
      sessionId: order.sessionId,
      seatId: l.seatId,
      section: l.section,
      row: l.row,
      col: l.col,
      buyerName: l.buyerName,
      buyerIdNumber: l.buyerIdNumber,
      qrPayload: d.ticketSigner.sign({ v: 1, t: code, o: orderNumber, s: order.sessionId, seat: l.seatId }),
      status: 'VALID',
      issuedAt,
    });
  }
  return (await d.orders.transition(orderNumber, 'issueTickets', issuedAt)) ? 'issued' : 'already-ticketed';
}

/** The caller's tickets, buyers masked, each with its QR payload and an SVG QR image. */
export async function listTickets(d: TicketDeps, principal: Principal, orderNumber: string) {
  await ownOrder(d, principal, orderNumber);
  const tickets = await d.tickets.list(orderNumber);
  return {
    items: await Promise.all(
      tickets.map(async (t) => ({
        ticketCode: t.ticketCode,
        seatId: t.seatId,
        section: t.section,
        row: t.row,
        col: t.col,
        buyer: { name: t.buyerName, idNumber: t.buyerIdNumber },
        qrPayload: t.qrPayload,
        qrSvg: await QRCode.toString(t.qrPayload, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }),
        status: t.status,
      })),
    ),
  };
}

/**
 * Check-in at the gate (staff): the QR payload must carry our signature (a forged or altered
 * one is 400 INVALID_TICKET); the ticket goes VALID → USED once; a second scan is 409.
 */
export async function checkIn(d: TicketDeps, qrPayload: string) {
  const claims = d.ticketSigner.verify(qrPayload);
  if (!claims || claims.t !== ticketCode(claims.o, claims.seat)) {
    throw new DomainError('INVALID_TICKET', 'This is not a valid ticket');
  }
  const result = await d.tickets.markUsed(claims.o, claims.seat, new Date(d.clock.now()).toISOString());
  if (result.used)
    return { ticketCode: claims.t, status: 'USED' as const, orderNumber: claims.o, seatId: claims.seat };
  if (result.status === 'USED')
    throw new DomainError('ALREADY_USED', 'This ticket has already been used', { ticketCode: claims.t });
  if (result.status === 'VOID')
    throw new DomainError('INVALID_STATE', 'This ticket was refunded', { status: 'VOID' });
  throw new DomainError('INVALID_TICKET', 'This is not a valid ticket');
}

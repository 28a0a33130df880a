import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { DomainError, notFound } from '#kernel/errors.ts';
import type { Principal } from '#kernel/principal.ts';
import type { Deps } from '#shared/app/deps.ts';
import { publishAfterCommit } from '#shared/booking/publish.ts';
import { showOf } from '#shared/orders/order-show.ts';
import { canMove, ORDER_MOVES } from '#shared/orders/order-status.ts';
import { ownOrder } from '#shared/orders/own-order.ts';
import type { TicketRecord } from '#shared/ports/tickets.ts';

type TicketDeps = Pick<Deps, 'orders' | 'tickets' | 'ticketSigner' | 'clock' | 'events' | 'catalogue'>;
type CheckInDeps = Pick<Deps, 'tickets' | 'ticketSigner' | 'clock' | 'inventory' | 'catalogue' | 'config'>;

/** A ticket code is derived from order and seat, so a redelivered OrderPaid issues the same ticket. */
const ticketCode = (orderNumber: string, seatId: string): string =>
  `TK${createHash('sha256').update(`${orderNumber}|${seatId}`).digest('hex').slice(0, 12).toUpperCase()}`;

/**
 * The ticket issuer (EventBridge rule on OrderPaid): one ticket per seat, each with a QR
 * payload signed by the system (Ed25519), written with PAID → TICKETED in one transaction,
 * so a refund that moved the order first leaves no valid ticket. Idempotent: a redelivered
 * OrderPaid finds the order TICKETED (codes derive from order and seat, so they never change).
 */
export async function issueTickets(
  d: TicketDeps,
  orderNumber: string,
): Promise<'issued' | 'already-ticketed' | 'not-paid'> {
  const order = await d.orders.get(orderNumber);
  if (order?.status === ORDER_MOVES.issueTickets.to) return 'already-ticketed';
  if (!order || !canMove(order.status, 'issueTickets')) return 'not-paid';
  const issuedAt = new Date(d.clock.now()).toISOString();
  const tickets: TicketRecord[] = order.lines.map((l) => {
    const code = ticketCode(orderNumber, l.seatId);
    return {
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
    };
  });
  if (await d.tickets.issueAll(orderNumber, tickets, issuedAt)) {
    await publishAfterCommit(d, [
      {
        type: 'TicketsIssued',
        detail: { orderNumber, userId: order.userId, sessionId: order.sessionId, tickets: tickets.length },
      },
    ]);
    return 'issued';
  }
  return (await d.orders.get(orderNumber))?.status === ORDER_MOVES.issueTickets.to
    ? 'already-ticketed'
    : 'not-paid';
}

/** The caller's tickets, buyers masked, each with its QR payload and an SVG QR image. */
export async function listTickets(d: TicketDeps, principal: Principal, orderNumber: string) {
  const order = await ownOrder(d, principal, orderNumber);
  const [tickets, show] = await Promise.all([d.tickets.list(orderNumber), showOf(d, order.sessionId)]);
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
        show,
      })),
    ),
  };
}

async function sessionStartsAt(d: CheckInDeps, sessionId: string): Promise<number | undefined> {
  const geometry = await d.inventory.geometry(sessionId);
  const startsAt = geometry?.layout.startsAt ?? (await d.catalogue.getSession(sessionId))?.startsAt;
  return startsAt === undefined ? undefined : Date.parse(startsAt);
}

/**
 * Check-in at the gate (staff) of `gateSessionId`: the QR payload must carry our signature
 * (a forged or altered one is 400 INVALID_TICKET); it must be a ticket of this gate's session
 * (409 WRONG_SESSION) inside its check-in window (409 OUTSIDE_CHECK_IN_WINDOW); then VALID →
 * USED once, only while its order is still sold (a refund racing it: exactly one wins).
 */
export async function checkIn(d: CheckInDeps, qrPayload: string, gateSessionId: string) {
  const claims = d.ticketSigner.verify(qrPayload);
  if (!claims || claims.t !== ticketCode(claims.o, claims.seat)) {
    throw new DomainError('INVALID_TICKET', 'This is not a valid ticket');
  }
  if (claims.s !== gateSessionId) {
    throw new DomainError('WRONG_SESSION', 'This ticket is for another session', {
      ticketSessionId: claims.s,
      sessionId: gateSessionId,
    });
  }
  const startsAt = await sessionStartsAt(d, gateSessionId);
  if (startsAt === undefined) throw notFound('Session');
  const { opensHoursBefore, closesHoursAfter } = d.config.checkIn;
  const opensAt = startsAt - opensHoursBefore * 3_600_000;
  const closesAt = startsAt + closesHoursAfter * 3_600_000;
  const now = d.clock.now();
  if (now < opensAt || now > closesAt) {
    throw new DomainError('OUTSIDE_CHECK_IN_WINDOW', 'Check-in for this session is not open now', {
      opensAt: new Date(opensAt).toISOString(),
      closesAt: new Date(closesAt).toISOString(),
    });
  }
  const result = await d.tickets.markUsed(claims.o, claims.seat, new Date(now).toISOString());
  if (result.used)
    return { ticketCode: claims.t, status: 'USED' as const, orderNumber: claims.o, seatId: claims.seat };
  if (result.status === 'USED')
    throw new DomainError('ALREADY_USED', 'This ticket has already been used', { ticketCode: claims.t });
  if (result.status === 'VOID' || result.status === 'ORDER_NOT_SOLD')
    throw new DomainError('INVALID_STATE', 'This ticket was refunded', { status: 'VOID' });
  throw new DomainError('INVALID_TICKET', 'This is not a valid ticket');
}

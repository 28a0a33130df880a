import { DomainError } from '#kernel/errors.ts';
import { ownedBy } from '#kernel/ownership.ts';
import type { Principal } from '#kernel/principal.ts';
import type { Deps } from '#shared/app/deps.ts';
import { withShow } from '#shared/orders/order-show.ts';
import type { OrderRecord, OrderStatus } from '#shared/ports/orders.ts';

type QueryDeps = Pick<Deps, 'orders' | 'pendingOrders' | 'catalogue'>;

export function orderView(o: OrderRecord) {
  return {
    orderNumber: o.orderNumber,
    status: o.status,
    sessionId: o.sessionId,
    seats: o.lines.map(({ seatId, section, row, col, tierId, priceCents }) => ({
      seatId,
      section,
      row,
      col,
      tierId,
      priceCents,
    })),
    buyers: o.lines.map((l) => ({
      buyerId: l.buyerId,
      seatId: l.seatId,
      name: l.buyerName,
      idNumber: l.buyerIdNumber,
    })),
    amountCents: o.amountCents,
    discountCents: o.discountCents ?? 0,
    ...(o.voucher ? { voucherCode: o.voucher.code } : {}),
    expiresAt: o.expiresAt,
    createdAt: o.createdAt,
    ...(o.paidAt ? { paidAt: o.paidAt } : {}),
    ...(o.failureReason ? { failureReason: o.failureReason } : {}),
    // Orders written before the history existed, and accepted ones not written yet, start here.
    history: o.history ?? [{ status: 'PENDING' as const, at: o.createdAt, by: 'buyer' }],
  };
}

/** The caller's order: written (DynamoDB) or still PENDING (accepted, queued). Others' are 404. */
export async function getOrder(d: QueryDeps, principal: Principal, orderNumber: string) {
  const order = (await d.orders.get(orderNumber)) ?? (await d.pendingOrders.get(orderNumber));
  return withShow(d, orderView(ownedBy(principal, order, 'Order')));
}

const encodeCursor = (key: Record<string, unknown>): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

function decodeCursor(cursor: string, userId: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    // A cursor only ever pages through the caller's own orders.
    if (
      key.gsi1pk === `USER#${userId}#ORDERS` &&
      typeof key.pk === 'string' &&
      typeof key.gsi1sk === 'string'
    )
      return key;
  } catch {
    // fall through
  }
  throw new DomainError('VALIDATION_FAILED', 'The cursor is not valid', {
    fields: [{ path: 'query.cursor', message: 'not a cursor from this list' }],
  });
}

/** The caller's orders, newest first, through an index (no scans); optional status filter. */
export async function listOrders(
  d: QueryDeps,
  principal: Principal,
  q: { limit: number; cursor?: string | undefined; status?: OrderStatus | undefined },
) {
  const page = await d.orders.listByUser(principal.userId, {
    limit: q.limit,
    ...(q.cursor ? { cursor: decodeCursor(q.cursor, principal.userId) } : {}),
    ...(q.status ? { status: q.status } : {}),
  });
  return {
    items: await Promise.all(page.items.map((o) => withShow(d, orderView(o)))),
    nextCursor: page.cursor ? encodeCursor(page.cursor) : null,
  };
}

import type { OrdersForSessions } from '#features/sessions/index.ts';
import type { Deps } from '#shared/app/deps.ts';
import { canMove } from '#shared/orders/order-status.ts';

/**
 * What sessions ask of the orders, answered by the order records and the order state machine.
 * `d` is the container these are part of, read when called: the hold path's container has
 * only the orders' reads (a rebuild restores unpaid orders' holds), the full one every
 * operation (an organiser's stats count orders by status).
 */
export function ordersForSessions(d: () => Pick<Deps, 'orders'>): OrdersForSessions {
  return {
    countBySession: (sessionId) => d().orders.countBySession(sessionId),
    unpaidHold: async (session, orderNumber, geometry) => {
      const order = await d().orders.get(orderNumber);
      if (!order || !canMove(order.status, 'pay')) return undefined;
      return {
        sessionId: session.sessionId,
        holdId: order.holdId,
        userId: order.userId,
        orderNumber,
        seats: order.lines.map((l) => {
          const ref = geometry.parseSeatId(l.seatId)!;
          return { ...ref, tierId: geometry.rows[ref.rowIdx]!.tierId };
        }),
        totalCents: order.amountCents,
        buyerIds: order.lines.map((l) => l.buyerId),
        createdAtMs: Date.parse(order.createdAt),
        expiresAtMs: Date.parse(order.expiresAt),
        idHashes: order.lines.every((l) => l.idHash) ? order.lines.map((l) => l.idHash!) : [],
        countsSessionWide: session.layout.perUserLimit !== undefined,
      };
    },
  };
}

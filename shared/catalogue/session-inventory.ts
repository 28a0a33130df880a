import { restoreQueue } from '#features/waiting-room/index.ts';
import { SessionGeometry } from '#kernel/session-layout.ts';
import type { Deps } from '#shared/app/deps.ts';
import { canMove } from '#shared/orders/order-status.ts';
import type { OrderReads } from '#shared/ports/orders.ts';
import type { SessionRecord } from '#shared/ports/records.ts';
import type { DurableSeat } from '#shared/ports/seat-inventory.ts';

// Its own module (not programs.ts): the hold path rebuilds a vanished session with it, and
// programs.ts's per-container caches and listing code would otherwise ride in the hold's bundle.

/**
 * A session's inventory in Redis from the durable record: the layout, every seat state
 * DynamoDB holds (HELD for written orders, SOLD), and the waiting room's settings. `force`
 * reloads a loaded session. Used by open (the admin) and by the self-healing hold path.
 */
export async function loadSessionInventory(
  d: Pick<Deps, 'catalogue' | 'inventory' | 'waitingRoom'> & { orders: OrderReads },
  session: SessionRecord,
  force: boolean,
): Promise<{
  loaded: boolean;
  held: number;
  sold: number;
  ordersRestored: number;
  geometry: SessionGeometry;
}> {
  const geometry = new SessionGeometry(session.layout);
  const held: DurableSeat[] = [];
  const sold: DurableSeat[] = [];
  const heldByOrder = new Set<string>();
  for (const s of await d.catalogue.seatStates(session.sessionId)) {
    const ref = geometry.parseSeatId(s.seatId);
    if (!ref) continue;
    const seat = { seatIdx: ref.seatIdx, holdId: s.holdId, ...(s.idHash ? { idHash: s.idHash } : {}) };
    (s.status === 'SOLD' ? sold : held).push(seat);
    if (s.status === 'HELD' && s.orderNumber) heldByOrder.add(s.orderNumber);
  }
  const loaded = await d.inventory.warmup({
    layout: session.layout,
    held,
    sold,
    force,
    ...(session.status === 'CLOSED' ? { status: 'CLOSED' as const } : {}),
  });
  // Unpaid orders' holds lived only in Redis: back, so expiry, payment and the sweeper find them.
  let ordersRestored = 0;
  for (const orderNumber of heldByOrder) {
    const order = await d.orders.get(orderNumber);
    if (!order || !canMove(order.status, 'pay')) continue;
    const seats = order.lines.map((l) => {
      const ref = geometry.parseSeatId(l.seatId)!;
      return { ...ref, tierId: geometry.rows[ref.rowIdx]!.tierId };
    });
    const restored = await d.inventory.restoreOrderHold({
      sessionId: session.sessionId,
      holdId: order.holdId,
      userId: order.userId,
      orderNumber,
      seats,
      totalCents: order.amountCents,
      buyerIds: order.lines.map((l) => l.buyerId),
      createdAtMs: Date.parse(order.createdAt),
      expiresAtMs: Date.parse(order.expiresAt),
      idHashes: order.lines.every((l) => l.idHash) ? order.lines.map((l) => l.idHash!) : [],
      countsSessionWide: session.layout.perUserLimit !== undefined,
    });
    if (restored) ordersRestored++;
  }
  await restoreQueue(d, session);
  return { loaded, held: held.length, sold: sold.length, ordersRestored, geometry };
}

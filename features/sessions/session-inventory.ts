import { restoreQueue } from '#features/waiting-room/index.ts';
import { SessionGeometry } from '#kernel/session-layout.ts';
import type { SessionsDeps as Deps, DurableSeat } from './ports.ts';
import type { SessionRecord } from './records.ts';

// Its own module (not programs.ts): the hold path rebuilds a vanished session with it, and
// programs.ts's per-container caches and listing code would otherwise ride in the hold's bundle.

/**
 * A session's inventory in Redis from the durable record: the layout, every seat state
 * DynamoDB holds (HELD for written orders, SOLD), and the waiting room's settings. `force`
 * reloads a loaded session. Used by open (the admin) and by the self-healing hold path.
 */
export async function loadSessionInventory(
  d: Pick<Deps, 'catalogue' | 'inventory' | 'waitingRoom' | 'sessionOrders'>,
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
    const hold = await d.sessionOrders.unpaidHold(session, orderNumber, geometry);
    if (hold && (await d.inventory.restoreOrderHold(hold))) ordersRestored++;
  }
  await restoreQueue(d, session);
  return { loaded, held: held.length, sold: sold.length, ordersRestored, geometry };
}

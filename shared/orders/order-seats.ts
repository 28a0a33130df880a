import type { Deps } from '#shared/app/deps.ts';
import type { OrderRecord } from '#shared/ports/orders.ts';
import type { SeatOfTier } from '#shared/ports/seat-inventory.ts';

/** The buyers' id hashes of an order on a ONE_PER_ID session (empty otherwise). */
export const idHashesOf = (order: Pick<OrderRecord, 'lines'>): string[] =>
  order.lines.flatMap((l) => (l.idHash ? [l.idHash] : []));

/** The order's seats as inventory positions (seat/row index and tier), from its lines. */
export async function orderSeats(
  d: Pick<Deps, 'inventory'>,
  order: OrderRecord,
): Promise<SeatOfTier[] | undefined> {
  const geometry = await d.inventory.geometry(order.sessionId);
  if (!geometry) return undefined;
  return order.lines.flatMap((l) => {
    const ref = geometry.parseSeatId(l.seatId);
    return ref ? [{ ...ref, tierId: l.tierId }] : [];
  });
}

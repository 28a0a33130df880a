import { ownedBy } from '#kernel/ownership.ts';
import type { Principal } from '#kernel/principal.ts';
import type { Deps } from '#shared/app/deps.ts';
import type { OrderRecord } from '#shared/ports/orders.ts';

/** The caller's written order (DynamoDB), or 404. */
export async function ownOrder(
  d: Pick<Deps, 'orders'>,
  principal: Principal,
  orderNumber: string,
): Promise<OrderRecord> {
  return ownedBy(principal, await d.orders.get(orderNumber), 'Order');
}

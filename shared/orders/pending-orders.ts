import type { RedisClient } from '#platform/clients/redis.ts';
import type { OrderRecord, PendingOrderStore } from '#shared/ports/orders.ts';

/**
 * Orders accepted but not yet written by the order writer (status PENDING), so a client
 * polling GET /v1/orders/{n} right after the 202 sees its order. DynamoDB wins once written.
 */
export class PendingOrders implements PendingOrderStore {
  constructor(
    private readonly client: RedisClient,
    private readonly ttlSeconds = 3600,
  ) {}

  private key(orderNumber: string): string {
    return `order:{${orderNumber}}:pending`;
  }

  async put(order: OrderRecord): Promise<void> {
    await this.client.set(this.key(order.orderNumber), JSON.stringify(order), 'EX', this.ttlSeconds);
  }

  async get(orderNumber: string): Promise<OrderRecord | undefined> {
    const raw = await this.client.get(this.key(orderNumber));
    return raw ? (JSON.parse(raw) as OrderRecord) : undefined;
  }

  async delete(orderNumber: string): Promise<void> {
    await this.client.del(this.key(orderNumber));
  }
}

import type { RedisClient } from '#platform/clients/redis.ts';
import type { Notification, Notifier } from './port.ts';

export interface OutboxItem extends Notification {
  at: string;
}

const KEEP = 100;

/**
 * The local stand-in for SNS and SES: every message lands in a per-recipient list in Redis,
 * newest first (GET /sandbox/outbox?to=… on the local runtime), kept for a day.
 */
export class OutboxNotifier implements Notifier {
  readonly sendsEmail = true;

  constructor(
    private readonly client: RedisClient,
    private readonly now: () => number = Date.now,
  ) {}

  private key(to: string): string {
    return `outbox:{${to}}`;
  }

  async send(n: Notification): Promise<void> {
    const item: OutboxItem = { ...n, at: new Date(this.now()).toISOString() };
    await this.client
      .multi()
      .lpush(this.key(n.to), JSON.stringify(item))
      .ltrim(this.key(n.to), 0, KEEP - 1)
      .expire(this.key(n.to), 86_400)
      .exec();
  }

  async read(to: string): Promise<OutboxItem[]> {
    return (await this.client.lrange(this.key(to), 0, KEEP - 1)).map((s) => JSON.parse(s) as OutboxItem);
  }
}

import type { RedisClient } from '#shared/clients/redis.ts';

/** What the hot path needs of a buyer: that it exists and belongs to the caller, and how to show it. */
export interface BuyerSummary {
  buyerId: string;
  idType: number;
  name: string;
  idNumber: string;
}

const PRESENT = '_';
const TTL_SECONDS = 7 * 24 * 3600;

/**
 * The caller's buyers in Redis (masked only, never clear PII), so holds never read DynamoDB.
 * A hash per user with a marker field, so "no buyers" is cached too. Kept current on every
 * buyer change and warmed at login and when a logged-in user opens a program on sale.
 */
export class RedisBuyerCache {
  constructor(private readonly client: RedisClient) {}

  private key(userId: string): string {
    return `{u:${userId}}:buyers`;
  }

  async replace(userId: string, buyers: BuyerSummary[]): Promise<void> {
    const key = this.key(userId);
    const fields: string[] = [PRESENT, '1'];
    for (const b of buyers) fields.push(b.buyerId, JSON.stringify(b));
    await this.client
      .multi()
      .del(key)
      .hset(key, ...fields)
      .expire(key, TTL_SECONDS)
      .exec();
  }

  /** undefined when the cache is cold (never warmed, or evicted). */
  async get(userId: string): Promise<Map<string, BuyerSummary> | undefined> {
    const raw = await this.client.hgetall(this.key(userId));
    if (!raw[PRESENT]) return undefined;
    const out = new Map<string, BuyerSummary>();
    for (const [field, value] of Object.entries(raw)) {
      if (field !== PRESENT) out.set(field, JSON.parse(value) as BuyerSummary);
    }
    return out;
  }

  async touch(userId: string): Promise<boolean> {
    return (await this.client.expire(this.key(userId), TTL_SECONDS)) === 1;
  }
}

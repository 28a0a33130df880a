import type { RatePolicy } from '#features/abuse/index.ts';
import { intervalMs } from '#features/abuse/index.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import { USER_HASH_TTL_SECONDS, userKeys } from '#platform/clients/user-hash.ts';
import { ScriptCode } from '#platform/lua/script-codes.ts';
import { runScript } from '#platform/lua/scripts.ts';
import type { BuyerCache, BuyerSummary } from './port.ts';

const PRESENT = '_';

/**
 * The caller's buyers in Redis (masked only, never clear PII), so holds never read DynamoDB.
 * A hash per user with a marker field, so "no buyers" is cached too. Kept current on every
 * buyer change and warmed at login and when a logged-in user opens a program on sale.
 */
export class RedisBuyerCache implements BuyerCache {
  constructor(private readonly client: RedisClient) {}

  private key(userId: string): string {
    return userKeys(userId).buyers;
  }

  /** The whole cache from the durable record; the buy limit kept in the same hash survives it. */
  async replace(userId: string, buyers: BuyerSummary[]): Promise<void> {
    const fields: string[] = [PRESENT, '1'];
    for (const b of buyers) fields.push(b.buyerId, JSON.stringify(b));
    await runScript(this.client, 'replaceBuyers', [this.key(userId)], [USER_HASH_TTL_SECONDS, ...fields]);
  }

  /**
   * Adds or drops one buyer of a warm cache, touching only that field, so concurrent changes
   * of one account cannot overwrite each other (a cold cache is left cold: the next read warms it).
   */
  async put(userId: string, buyer: BuyerSummary): Promise<void> {
    const key = this.key(userId);
    // On a cold cache this makes a hash without the marker, which still reads as cold.
    await this.client
      .multi()
      .hset(key, buyer.buyerId, JSON.stringify(buyer))
      .expire(key, USER_HASH_TTL_SECONDS)
      .exec();
  }

  async drop(userId: string, buyerId: string): Promise<void> {
    await this.client.hdel(this.key(userId), buyerId);
  }

  /**
   * The hot-path check: the masked summaries of these buyers (null for one that is not the
   * user's), with one HMGET of just those fields; undefined when the cache is cold.
   */
  async lookup(userId: string, buyerIds: string[]): Promise<(BuyerSummary | null)[] | undefined> {
    const values = await this.client.hmget(this.key(userId), PRESENT, ...buyerIds);
    if (values[0] === null) return undefined;
    return values.slice(1).map((v) => (v === null ? null : (JSON.parse(v) as BuyerSummary)));
  }

  /**
   * The hold path's first call on the user's slot: the buy rate limit and this lookup in one
   * script (lua/checkBuyers-2.lua), so the limit costs no extra round trip or command.
   */
  async lookupCounted(
    userId: string,
    buyerIds: string[],
    policy: RatePolicy,
    nowMs: number,
  ): Promise<
    { limited: true; retryAfterMs: number } | { limited: false; buyers: (BuyerSummary | null)[] | undefined }
  > {
    const reply = await runScript(
      this.client,
      'checkBuyers',
      [this.key(userId)],
      [nowMs, intervalMs(policy), policy.burst, USER_HASH_TTL_SECONDS, ...buyerIds],
    );
    if (reply[0] !== ScriptCode.Ok) return { limited: true, retryAfterMs: Number(reply[1]) };
    if (Number(reply[2]) !== 1) return { limited: false, buyers: undefined };
    return {
      limited: false,
      buyers: reply.slice(3).map((v) => (v === null ? null : (JSON.parse(String(v)) as BuyerSummary))),
    };
  }

  async touch(userId: string): Promise<boolean> {
    return (await this.client.expire(this.key(userId), USER_HASH_TTL_SECONDS)) === 1;
  }
}

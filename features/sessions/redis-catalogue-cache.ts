import type { RedisClient } from '#platform/clients/redis.ts';
import type { CachedCopy, CachedKind, CatalogueCache } from './ports.ts';

/** A day: a copy nobody reads goes away; a read one is rebuilt from DynamoDB in one read. */
const COPY_TTL_SECONDS = 86_400;

/**
 * The catalogue cache on Redis. One hash tag per record (`{cat:<kind>:<id>}`), so its stamp,
 * copy and lock live on one shard of a cluster.
 */
export class RedisCatalogueCache implements CatalogueCache {
  constructor(private readonly client: RedisClient) {}

  private key(kind: CachedKind, id: string, part: 'v' | 'copy' | 'lock') {
    return `{cat:${kind}:${id}}:${part}`;
  }

  async version(kind: CachedKind, id: string): Promise<number> {
    return Number((await this.client.get(this.key(kind, id, 'v'))) ?? 0);
  }

  async copy<T>(kind: CachedKind, id: string): Promise<CachedCopy<T> | undefined> {
    const raw = await this.client.get(this.key(kind, id, 'copy'));
    return raw ? (JSON.parse(raw) as CachedCopy<T>) : undefined;
  }

  async putCopy<T>(kind: CachedKind, id: string, copy: CachedCopy<T>): Promise<void> {
    await this.client.set(this.key(kind, id, 'copy'), JSON.stringify(copy), 'EX', COPY_TTL_SECONDS);
  }

  async lock(kind: CachedKind, id: string, ttlMs: number): Promise<boolean> {
    return (await this.client.set(this.key(kind, id, 'lock'), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async unlock(kind: CachedKind, id: string): Promise<void> {
    await this.client.del(this.key(kind, id, 'lock'));
  }

  async bump(kind: CachedKind, id: string): Promise<void> {
    // The stamp first: a rebuild racing this change tags its copy with the old stamp, which
    // no reader of the new stamp accepts.
    await this.client.incr(this.key(kind, id, 'v'));
    await this.client.del(this.key(kind, id, 'copy'));
  }
}

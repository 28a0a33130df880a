import type { RedisClient } from '#platform/clients/redis.ts';
import type { TokenRevocationList } from './port.ts';

/** Logged-out tokens, by token id, kept until the token would have expired anyway. */
export class TokenRevocations implements TokenRevocationList {
  constructor(private readonly client: RedisClient) {}

  private key(tokenId: string): string {
    return `revoked:${tokenId}`;
  }

  async revoke(tokenId: string, expiresAtSec: number, nowMs = Date.now()): Promise<void> {
    const ttl = Math.max(1, expiresAtSec - Math.floor(nowMs / 1000));
    await this.client.set(this.key(tokenId), '1', 'EX', ttl);
  }

  async isRevoked(tokenId: string): Promise<boolean> {
    return (await this.client.exists(this.key(tokenId))) === 1;
  }
}

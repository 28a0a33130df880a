import type { RedisClient } from '#platform/clients/redis.ts';
import type { OnceGuard } from './port.ts';

/** `SET NX EX`: the first caller for a key wins, for `ttlSeconds`. */
export class RedisOnceGuard implements OnceGuard {
  constructor(private readonly client: RedisClient) {}

  async first(key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.client.set(`once:${key}`, '1', 'EX', ttlSeconds, 'NX')) === 'OK';
  }

  async forget(key: string): Promise<void> {
    await this.client.del(`once:${key}`);
  }
}

import { type RedisClient, sessionTag } from '#platform/clients/redis.ts';
import { runScript } from '#platform/lua/scripts.ts';
import type { WaitlistQueue } from './port.ts';

/** Waitlist keys share the session's hash tag: one slot with its inventory. */
const keys = (sessionId: string, tierId: string) => {
  const p = sessionTag(sessionId);
  return { queue: `${p}:wait:${tierId}`, seq: `${p}:waitseq`, users: `${p}:waitusers` };
};

export class RedisWaitlistQueue implements WaitlistQueue {
  constructor(private readonly client: RedisClient) {}

  async join(sessionId: string, tierId: string, userId: string, newId: string) {
    const k = keys(sessionId, tierId);
    const reply = await runScript(
      this.client,
      'joinWaitlist',
      [k.queue, k.seq, k.users],
      [`${userId}|${tierId}`, newId],
    );
    return { joined: reply[0] === 1, waitlistId: String(reply[1]), position: Number(reply[2]) };
  }

  async position(sessionId: string, tierId: string, waitlistId: string): Promise<number | undefined> {
    const rank = await this.client.zrank(keys(sessionId, tierId).queue, waitlistId);
    return rank === null ? undefined : rank + 1;
  }

  async head(sessionId: string, tierId: string, n: number) {
    const flat = await this.client.zrange(keys(sessionId, tierId).queue, 0, n - 1, 'WITHSCORES');
    const out: { waitlistId: string; seq: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ waitlistId: flat[i]!, seq: Number(flat[i + 1]) });
    return out;
  }

  async take(sessionId: string, tierId: string, userId: string, waitlistId: string): Promise<boolean> {
    const k = keys(sessionId, tierId);
    const removed = await this.client.zrem(k.queue, waitlistId);
    if (removed !== 1) return false;
    // Only the look-up that still points at this entry (the user may have joined again since).
    const current = await this.client.hget(k.users, `${userId}|${tierId}`);
    if (current === waitlistId) await this.client.hdel(k.users, `${userId}|${tierId}`);
    return true;
  }

  async putBack(
    sessionId: string,
    tierId: string,
    userId: string,
    waitlistId: string,
    seq: number,
  ): Promise<void> {
    const k = keys(sessionId, tierId);
    await this.client.zadd(k.queue, 'NX', seq, waitlistId);
    await this.client.hsetnx(k.users, `${userId}|${tierId}`, waitlistId);
  }
}

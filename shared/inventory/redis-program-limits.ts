import type { RedisClient } from '#platform/clients/redis.ts';
import { userKeys } from '#platform/clients/user-hash.ts';
import { ScriptCode } from '#platform/lua/script-codes.ts';
import { runScript } from '#platform/lua/scripts.ts';
import type { ProgramLimits, ReserveOutcome, TierWant } from '#shared/ports/program-limits.ts';

/** One hash per user and program, in the user's slot. */
const key = (userId: string, programId: string) => userKeys(userId).programLimits(programId);

export class RedisProgramLimits implements ProgramLimits {
  constructor(private readonly client: RedisClient) {}

  async reserve(r: {
    userId: string;
    programId: string;
    holdId: string;
    nowMs: number;
    expiresAtMs: number;
    tiers: TierWant[];
  }): Promise<ReserveOutcome> {
    const reply = await runScript(
      this.client,
      'reserveProgramSeats',
      [key(r.userId, r.programId)],
      [r.nowMs, r.holdId, r.expiresAtMs, ...r.tiers.flatMap((t) => [t.tierId, t.want, t.limit])],
    );
    if (reply[0] === ScriptCode.Ok) return { ok: true };
    return { ok: false, tierId: String(reply[1]), limit: Number(reply[2]), used: Number(reply[3]) };
  }

  async keep(
    userId: string,
    programId: string,
    holdId: string,
    tiers: { tierId: string; seats: number }[],
  ): Promise<void> {
    await this.client.hset(
      key(userId, programId),
      holdId,
      `inf;${tiers.map((t) => `${t.tierId}:${t.seats}`).join(',')}`,
    );
  }

  async forget(userId: string, programId: string, holdId: string): Promise<void> {
    await this.client.hdel(key(userId, programId), holdId);
  }
}

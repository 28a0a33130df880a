import type { RedisClient } from '#platform/clients/redis.ts';
import { ScriptCode } from '#platform/lua/script-codes.ts';
import { runScript } from '#platform/lua/scripts.ts';
import type {
  JoinOutcome,
  LineSnapshot,
  Place,
  PlaceStatus,
  QueueSettings,
  StatusOutcome,
  WaitingRoom,
} from './port.ts';

/** The queue's keys, under their own hash tag: a different slot (shard) from the session's seats. */
export function queueKeys(sessionId: string): string[] {
  const p = `{q:${sessionId}}`;
  return ['room', 'pre', 'users', 'offers', 'claims', 'live', 'log'].map((k) => `${p}:${k}`);
}

type Reply = (string | number | null)[];

const lineOf = (r: Reply, from: number): LineSnapshot => ({
  served: Number(r[from]),
  tail: Number(r[from + 1]),
  nextSlotAtMs: Number(r[from + 2]),
  sealed: Number(r[from + 3]) === 1,
  admitted: { paced: Number(r[from + 4]), returned: Number(r[from + 5]) },
  returnedPlaces: Number(r[from + 6]),
});

const placeOf = (r: Reply): Place => ({
  existing: Number(r[0]) === 1,
  status: String(r[1]) as PlaceStatus,
  position: Number(r[2]),
  claimedAtMs: Number(r[3]),
  line: lineOf(r, 4),
});

/** The waiting room on Redis: lua/joinQueue, queueStatus, pumpQueue, finishAdmission, configureQueue. */
export class RedisWaitingRoom implements WaitingRoom {
  constructor(private readonly client: RedisClient) {}

  async configure(sessionId: string, s: QueueSettings): Promise<void> {
    await runScript(this.client, 'configureQueue', queueKeys(sessionId), [
      s.enabled ? 1 : 0,
      s.admitPerMinute,
      s.admissionTtlSeconds,
      s.captcha ? 1 : 0,
      s.opensAtMs,
      s.claimWindowMs,
    ]);
  }

  async snapshot(sessionId: string): Promise<{ settings: QueueSettings; line: LineSnapshot } | undefined> {
    const [room] = queueKeys(sessionId) as [string];
    const v = await this.client.hmget(
      room,
      'enabled',
      'rate',
      'ttl',
      'captcha',
      'opensAt',
      'claim',
      'served',
      'seq',
      'sealed',
      'tat',
      'base',
      'credited',
      'returned',
    );
    if (!v[0]) return undefined;
    const cfg = v.slice(0, 6);
    const st = v.slice(6);
    const sealed = st[2] === null ? undefined : Number(st[2]);
    return {
      settings: {
        enabled: cfg[0] === '1',
        admitPerMinute: Number(cfg[1]),
        admissionTtlSeconds: Number(cfg[2]),
        captcha: cfg[3] === '1',
        opensAtMs: Number(cfg[4]),
        claimWindowMs: Number(cfg[5]),
      },
      line: {
        served: Number(st[0] ?? 0),
        tail: (sealed ?? 0) + Number(st[1] ?? 0),
        nextSlotAtMs: st[3] === null ? Number(cfg[4]) : Number(st[3]),
        sealed: sealed !== undefined,
        admitted: { paced: Number(st[4] ?? 0), returned: Number(st[5] ?? 0) },
        returnedPlaces: Number(st[6] ?? 0),
      },
    };
  }

  async join(sessionId: string, userId: string, nowMs: number, randomScore: number): Promise<JoinOutcome> {
    const r = await runScript(this.client, 'joinQueue', queueKeys(sessionId), [nowMs, userId, randomScore]);
    if (r[0] === ScriptCode.QueueDisabled) return { kind: 'disabled' };
    if (r[0] === ScriptCode.NoQueue) return { kind: 'no-queue' };
    return { kind: 'placed', place: placeOf(r) };
  }

  async status(sessionId: string, userId: string, nowMs: number): Promise<StatusOutcome> {
    const r = await runScript(this.client, 'queueStatus', queueKeys(sessionId), [nowMs, userId]);
    if (r[0] === ScriptCode.NoQueue) return { kind: 'no-queue' };
    if (r[0] === ScriptCode.NotInLine) return { kind: 'not-in-line' };
    return { kind: 'placed', place: placeOf(r) };
  }

  async pump(sessionId: string, nowMs: number): Promise<LineSnapshot | undefined> {
    const r = await runScript(this.client, 'pumpQueue', queueKeys(sessionId), [nowMs]);
    return r[0] === ScriptCode.Ok ? lineOf(r, 1) : undefined;
  }

  async finish(sessionId: string, userId: string): Promise<boolean> {
    const r = await runScript(this.client, 'finishAdmission', queueKeys(sessionId), [userId]);
    return Number(r[1]) === 1;
  }

  /** One pipeline on the line's slot: the keys that exist get the expiry, the others stay absent. */
  async expireData(sessionId: string, atMs: number): Promise<void> {
    const p = this.client.pipeline();
    for (const key of queueKeys(sessionId)) p.pexpireat(key, atMs);
    await p.exec();
  }

  async keepData(sessionId: string): Promise<void> {
    const p = this.client.pipeline();
    for (const key of queueKeys(sessionId)) p.persist(key);
    await p.exec();
  }
}

import QuickLRU from 'quick-lru';
import type {
  InventoryCounts,
  RestoredHold,
  SeatOwnership,
  SeatRepair,
  WarmupInput,
} from '#features/sessions/index.ts';
import { DomainError } from '#kernel/errors.ts';
import { SessionGeometry, type SessionLayout } from '#kernel/session-layout.ts';
import { unguarded } from '#platform/clients/guarded-clients.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import { ScriptCode } from '#platform/lua/script-codes.ts';
import { runScript } from '#platform/lua/scripts.ts';
import { holdFailure } from '#shared/inventory/script-codes.ts';
import { OPEN_SESSIONS_KEY, sessionDataKeys, sessionKeys } from '#shared/inventory/session-keys.ts';
import type {
  HeldSeats,
  HoldCommand,
  HoldRecord,
  HoldStatus,
  MarkOrderedOutcome,
  ReleaseOutcome,
  ReleaseReason,
  SeatInventory,
  SeatOfTier,
} from '#shared/ports/seat-inventory.ts';

/**
 * How long a hold released or expired stays readable (GET /v1/holds/{id} answers RELEASED or
 * EXPIRED; an order message for it answers HOLD_GONE): minutes, not a day. In an on-sale's
 * churn (holds taken and let go in a loop) a day's worth of dead records grew a session's
 * Redis 30-fold; ten minutes bound them to ten minutes of churn. The order writer rolls back
 * messages older than ORDER_MAX_AGE_SECONDS (120), well inside this.
 */
export const ENDED_HOLD_RETENTION_SECONDS = 600;
/** A confirmed (sold) hold's record: one per order, bounded by the venue; kept a day. */
const CONFIRMED_HOLD_RETENTION_SECONDS = 24 * 3600;

/** A session's key names, built once per container and session (the hot path sends 11 per hold). */
const sessionKeyNames = new QuickLRU<string, ReturnType<typeof sessionKeys>>({ maxSize: 1_000 });

const keyList = (sessionId: string, holdId: string): string[] => {
  let k = sessionKeyNames.get(sessionId);
  if (!k) {
    k = sessionKeys(sessionId);
    sessionKeyNames.set(sessionId, k);
  }
  return [
    k.meta,
    k.states,
    k.rows,
    k.picks,
    k.counts,
    k.owners,
    k.expiry,
    k.limits,
    k.hold(holdId),
    k.ids,
    k.strikes,
  ];
};

/**
 * The hold script's keys and arguments for a command (lua/holdSeats-11.lua documents them).
 * The bench sends this very call to a script that returns at once: the client's own ceiling.
 */
export function holdScriptCall(cmd: HoldCommand): { keys: string[]; args: (string | number)[] } {
  const args: (string | number)[] = [
    cmd.nowMs,
    cmd.holdId,
    cmd.userId,
    cmd.expiresAtMs,
    cmd.expectedTotalCents ?? -1,
    cmd.pick.kind === 'seats' ? 'S' : cmd.pick.best ? 'B' : 'A',
    cmd.pick.kind === 'auto' ? cmd.pick.tierId : '',
    cmd.pick.kind === 'auto' ? cmd.pick.count : 0,
    cmd.buyerIds.join(','),
    (cmd.idHashes ?? []).join(','),
    cmd.slowdown?.afterExpired ?? 0,
    cmd.slowdown?.firstCooldownMs ?? 0,
  ];
  if (cmd.pick.kind === 'seats') for (const s of cmd.pick.seats) args.push(s.seatIdx, s.rowIdx);
  return { keys: keyList(cmd.sessionId, cmd.holdId), args };
}

const splitNumbers = (csv: string | undefined): number[] =>
  csv ? csv.split(',').filter(Boolean).map(Number) : [];

export class RedisSeatInventory implements SeatInventory {
  /** Layouts are immutable once a session is on sale: cache them in-process (no Redis or DynamoDB). */
  private readonly geometries = new QuickLRU<string, SessionGeometry>({ maxSize: 200, maxAge: 60_000 });

  constructor(
    private readonly client: RedisClient,
    /** Seconds a released or expired hold stays readable (ENDED_HOLD_RETENTION_SECONDS). */
    private readonly endedHoldSeconds = ENDED_HOLD_RETENTION_SECONDS,
  ) {}

  /** Sessions seen with the picks index here (loaded so, or upgraded): checked once each. */
  private readonly withPicks = new QuickLRU<string, true>({ maxSize: 1000 });

  /**
   * Before a script that reads the rows or the picks index: a session loaded into Redis by a
   * release before the picks index is upgraded in place, holds kept (upgradePicks-5.lua), so a
   * deploy in the middle of a sale needs no reload. One `HGET` per session per container.
   */
  private async withPicksIndex(sessionId: string, client: RedisClient = this.client): Promise<void> {
    if (this.withPicks.has(sessionId)) return;
    const k = sessionKeys(sessionId);
    if ((await client.hget(k.meta, 'picks')) !== '1') {
      const geometry = await this.geometry(sessionId);
      if (!geometry) return; // not loaded: the script that follows says so
      const reply = await runScript(
        client,
        'upgradePicks',
        [k.meta, k.states, k.rows, k.picks, k.oldRuns],
        [
          JSON.stringify({
            tiers: geometry.layout.tiers.map((t) => t.tierId),
            rows: geometry.rows.map((r) => [r.start, r.len, r.tierId, r.row - 1]),
          }),
        ],
      );
      if (reply[0] !== ScriptCode.Ok) return;
    }
    this.withPicks.set(sessionId, true);
  }

  async geometry(sessionId: string): Promise<SessionGeometry | undefined> {
    const cached = this.geometries.get(sessionId);
    if (cached) return cached;
    const layout = await this.layout(sessionId);
    if (!layout) return undefined;
    const geometry = new SessionGeometry(layout);
    this.geometries.set(sessionId, geometry);
    return geometry;
  }

  async layout(sessionId: string): Promise<SessionLayout | undefined> {
    const raw = await this.client.get(sessionKeys(sessionId).layout);
    return raw ? (JSON.parse(raw) as SessionLayout) : undefined;
  }

  async hold(cmd: HoldCommand): Promise<HeldSeats> {
    const geometry = await this.geometry(cmd.sessionId);
    if (!geometry)
      throw new DomainError('INVALID_STATE', 'This session is not on sale', { status: 'NOT_ON_SALE' });
    const { keys, args } = holdScriptCall(cmd);
    await this.withPicksIndex(cmd.sessionId);
    const reply = await runScript(this.client, 'holdSeats', keys, args);
    if (reply[0] !== ScriptCode.Ok) throw holdFailure(reply, geometry, cmd.buyerIds);
    const seatIdx = splitNumbers(String(reply[1]));
    const rowIdx = splitNumbers(String(reply[2]));
    return {
      seats: seatIdx.map((s, i) => ({ seatIdx: s, rowIdx: rowIdx[i]! })),
      totalCents: Number(reply[3]),
    };
  }

  async release(
    sessionId: string,
    holdId: string,
    opts: { reason: ReleaseReason; requesterUserId?: string; nowMs: number; behind?: boolean },
  ): Promise<ReleaseOutcome> {
    const client = opts.behind ? unguarded(this.client) : this.client;
    await this.withPicksIndex(sessionId, client);
    const reply = await runScript(client, 'releaseHold', keyList(sessionId, holdId), [
      opts.nowMs,
      holdId,
      opts.reason,
      opts.requesterUserId ?? '',
      this.endedHoldSeconds,
    ]);
    switch (reply[0]) {
      case ScriptCode.Ok:
        return { kind: 'released', freedSeats: Number(reply[1]) };
      case ScriptCode.HoldNotFound:
      case ScriptCode.NotOnSale:
        return { kind: 'not-found' };
      case ScriptCode.HoldNotActive:
        return { kind: 'already-ended', status: String(reply[1]) as HoldStatus };
      case ScriptCode.HoldNotExpired:
        return { kind: 'not-expired-yet', expiresAtMs: Number(reply[1]) };
      case ScriptCode.HoldOrdered:
        return { kind: 'ordered', orderNumber: String(reply[1]) };
      default:
        throw new Error(`Unexpected release script reply ${String(reply[0])}`);
    }
  }

  async getHold(sessionId: string, holdId: string): Promise<HoldRecord | undefined> {
    const h = await this.client.hgetall(sessionKeys(sessionId).hold(holdId));
    if (!h.userId) return undefined;
    const seatIdx = splitNumbers(h.seats);
    const rowIdx = splitNumbers(h.rows);
    return {
      holdId,
      sessionId,
      userId: h.userId,
      status: h.status as HoldStatus,
      seats: seatIdx.map((s, i) => ({ seatIdx: s, rowIdx: rowIdx[i]! })),
      buyerIds: h.buyerIds ? h.buyerIds.split(',') : [],
      totalCents: Number(h.totalCents),
      createdAtMs: Number(h.createdAt),
      expiresAtMs: Number(h.expiresAt),
      ...(h.endedAt ? { endedAtMs: Number(h.endedAt) } : {}),
      ...(h.orderNumber ? { orderNumber: h.orderNumber } : {}),
    };
  }

  async markOrdered(
    sessionId: string,
    holdId: string,
    userId: string,
    orderNumber: string,
    nowMs: number,
  ): Promise<MarkOrderedOutcome> {
    const reply = await runScript(
      this.client,
      'markHoldOrdered',
      [sessionKeys(sessionId).hold(holdId)],
      [userId, orderNumber, nowMs],
    );
    switch (reply[0]) {
      case ScriptCode.Ok:
        return { kind: 'marked' };
      case ScriptCode.HoldNotFound:
        return { kind: 'not-found' };
      case ScriptCode.HoldNotActive:
        return { kind: 'not-active', status: String(reply[1]) as HoldStatus };
      case ScriptCode.HoldExpired:
        return { kind: 'expired' };
      case ScriptCode.HoldOrderedElsewhere:
        return { kind: 'ordered-elsewhere', orderNumber: String(reply[1]) };
      default:
        throw new Error(`Unexpected markHoldOrdered reply ${String(reply[0])}`);
    }
  }

  async confirm(
    sessionId: string,
    holdId: string,
    userId: string,
    seats: SeatOfTier[],
    nowMs: number,
    idHashes: string[] = [],
  ): Promise<{ soldNow: number; drift: number }> {
    await this.withPicksIndex(sessionId);
    const reply = await runScript(this.client, 'confirmSeats', keyList(sessionId, holdId), [
      nowMs,
      holdId,
      userId,
      CONFIRMED_HOLD_RETENTION_SECONDS,
      idHashes.join(','),
      ...seats.flatMap((s) => [s.seatIdx, s.rowIdx, s.tierId]),
    ]);
    if (reply[0] !== ScriptCode.Ok) throw new Error(`confirmSeats failed with ${String(reply[0])}`);
    return { soldNow: Number(reply[1]), drift: Number(reply[2]) };
  }

  async refund(
    sessionId: string,
    holdId: string,
    userId: string,
    seats: SeatOfTier[],
    idHashes: string[] = [],
  ): Promise<number> {
    const k = sessionKeys(sessionId);
    await this.withPicksIndex(sessionId);
    const reply = await runScript(
      this.client,
      'refundSeats',
      [k.meta, k.states, k.rows, k.picks, k.counts, k.owners, k.limits, k.ids],
      [holdId, userId, idHashes.join(','), ...seats.flatMap((s) => [s.seatIdx, s.rowIdx, s.tierId])],
    );
    if (reply[0] !== ScriptCode.Ok) throw new Error(`refundSeats failed with ${String(reply[0])}`);
    return Number(reply[1]);
  }

  async unmarkOrdered(
    sessionId: string,
    holdId: string,
    orderNumber: string,
  ): Promise<'unmarked' | 'claimed' | 'not-marked'> {
    const reply = await runScript(
      this.client,
      'unmarkHoldOrdered',
      [sessionKeys(sessionId).hold(holdId)],
      [orderNumber],
    );
    if (reply[0] === ScriptCode.Ok) return 'unmarked';
    return reply[0] === ScriptCode.HoldOrdered ? 'claimed' : 'not-marked';
  }

  async claimForOrder(
    sessionId: string,
    holdId: string,
    orderNumber: string,
  ): Promise<'claimed' | 'no-hold' | 'given-back'> {
    const reply = await runScript(
      this.client,
      'claimHoldForOrder',
      [sessionKeys(sessionId).hold(holdId)],
      [orderNumber],
    );
    if (reply[0] === ScriptCode.Ok) return 'claimed';
    return reply[0] === ScriptCode.HoldNotFound ? 'no-hold' : 'given-back';
  }

  async setSaleWindow(
    sessionId: string,
    change: { status?: 'ON_SALE' | 'CLOSED' | 'CANCELLED'; saleOpensAtMs?: number; saleClosesAtMs?: number },
  ): Promise<boolean> {
    const reply = await runScript(
      this.client,
      'setSaleWindow',
      [sessionKeys(sessionId).meta],
      [change.status ?? '', change.saleOpensAtMs ?? '', change.saleClosesAtMs ?? ''],
    );
    if (reply[0] !== ScriptCode.Ok) return false;
    // A reopened or extended sale may have been retired from the open set: back in it (the
    // sweeper retires it again once it has ended).
    await this.client.sadd(OPEN_SESSIONS_KEY, sessionId);
    return true;
  }

  async retireIfEnded(sessionId: string, nowMs: number): Promise<boolean> {
    const k = sessionKeys(sessionId);
    const ended = async () =>
      (await runScript(this.client, 'sessionEnded', [k.meta, k.expiry], [nowMs]))[0] === 1;
    if (!(await ended())) return false;
    await this.client.srem(OPEN_SESSIONS_KEY, sessionId);
    // Reopened between the check and the removal (setSaleWindow added it back before or after
    // this SREM): asked again, and put back if it is selling.
    if (!(await ended())) {
      await this.client.sadd(OPEN_SESSIONS_KEY, sessionId);
      return false;
    }
    return true;
  }

  async expireEndedSessionData(sessionId: string, nowMs: number, atMs: number): Promise<boolean> {
    const r = await runScript(this.client, 'sessionDataExpiry', sessionDataKeys(sessionId), [
      'expire',
      nowMs,
      atMs,
    ]);
    return r[0] === 1;
  }

  async keepSessionData(sessionId: string): Promise<void> {
    await runScript(this.client, 'sessionDataExpiry', sessionDataKeys(sessionId), ['keep', 0, 0]);
  }

  async restoreOrderHold(h: RestoredHold): Promise<boolean> {
    const k = sessionKeys(h.sessionId);
    const restored = await runScript(
      this.client,
      'restoreOrderHold',
      [k.hold(h.holdId), k.expiry, k.limits],
      [
        h.holdId,
        h.userId,
        h.seats.map((s) => s.seatIdx).join(','),
        h.seats.map((s) => s.rowIdx).join(','),
        h.seats.map((s) => s.tierId).join(','),
        h.totalCents,
        h.buyerIds.join(','),
        h.createdAtMs,
        h.expiresAtMs,
        h.orderNumber,
        h.idHashes.join(','),
        h.countsSessionWide ? '1' : '0',
      ],
    );
    return Number(restored) === 1;
  }

  async warmup(input: WarmupInput): Promise<boolean> {
    const geometry = new SessionGeometry(input.layout);
    const states = Buffer.alloc(geometry.seatCount, '0'.charCodeAt(0));
    const owners: (number | string)[] = [];
    const ids: string[] = [];
    for (const [code, seats] of [
      ['1', input.held],
      ['2', input.sold],
    ] as const) {
      for (const s of seats) {
        states[s.seatIdx] = code.charCodeAt(0);
        owners.push(s.seatIdx, s.holdId);
        if (s.idHash) ids.push(s.idHash, s.holdId);
      }
    }
    const k = sessionKeys(input.layout.sessionId);
    const cfg = {
      ...(input.status ? { status: input.status } : {}),
      saleOpensAt: Date.parse(input.layout.saleOpensAt),
      saleClosesAt: Date.parse(input.layout.saleClosesAt ?? input.layout.startsAt),
      maxPerOrder: input.layout.maxPerOrder,
      ...(input.layout.perUserLimit ? { perUserLimit: input.layout.perUserLimit } : {}),
      ...(input.layout.realName ? { realName: input.layout.realName } : {}),
      tiers: input.layout.tiers.map((t) => ({
        tierId: t.tierId,
        priceCents: t.priceCents,
        perUserLimit: t.perUserLimit,
      })),
      rows: geometry.rows.map((r) => [r.start, r.len, r.tierId, r.row - 1]),
    };
    const reply = await runScript(
      this.client,
      'warmupSession',
      [k.meta, k.states, k.rows, k.picks, k.counts, k.owners, k.layout, k.expiry, k.limits, k.ids],
      [
        JSON.stringify(cfg),
        states.toString('latin1'),
        JSON.stringify(owners),
        JSON.stringify(input.layout),
        input.force ? '1' : '0',
        JSON.stringify(ids),
      ],
    );
    if (reply[0] === ScriptCode.AlreadyLoaded) return false;
    if (reply[0] !== ScriptCode.Ok) throw new Error(`warmup failed with code ${String(reply[0])}`);
    await this.client.sadd(OPEN_SESSIONS_KEY, input.layout.sessionId);
    this.geometries.set(input.layout.sessionId, geometry);
    this.withPicks.set(input.layout.sessionId, true); // loaded with the picks index just now
    return true;
  }

  async seatStates(sessionId: string): Promise<string | undefined> {
    return (await this.client.get(sessionKeys(sessionId).states)) ?? undefined;
  }

  async seatOwners(sessionId: string): Promise<SeatOwnership | undefined> {
    const k = sessionKeys(sessionId);
    // MULTI: both read at one instant (one slot, so cluster-safe).
    const res = await this.client.multi().get(k.states).hgetall(k.owners).exec();
    const states = res?.[0]?.[1];
    const owners = res?.[1]?.[1];
    if (typeof states !== 'string' || !owners || typeof owners !== 'object') return undefined;
    return {
      states,
      owners: new Map(Object.entries(owners as Record<string, string>).map(([i, h]) => [Number(i), h])),
    };
  }

  async holdStatuses(sessionId: string, holdIds: string[]): Promise<Map<string, HoldStatus>> {
    const k = sessionKeys(sessionId);
    const out = new Map<string, HoldStatus>();
    for (let i = 0; i < holdIds.length; i += 500) {
      const batch = holdIds.slice(i, i + 500);
      const res = (await Promise.all(batch.map((h) => this.client.hget(k.hold(h), 'status')))) as (
        | string
        | null
      )[];
      batch.forEach((h, j) => {
        const status = res[j];
        if (status) out.set(h, status as HoldStatus);
      });
    }
    return out;
  }

  async repairSeats(
    sessionId: string,
    changes: SeatRepair[],
  ): Promise<{ repaired: number; skipped: number }> {
    const k = sessionKeys(sessionId);
    await this.withPicksIndex(sessionId);
    let repaired = 0;
    let skipped = 0;
    // Bounded batches: one script call never blocks Redis for long, even for a big repair.
    for (let i = 0; i < changes.length; i += 1000) {
      const argv = changes
        .slice(i, i + 1000)
        .flatMap((c) => [
          c.seatIdx,
          c.rowIdx,
          c.expected.state,
          c.expected.owner ?? '',
          c.to.state,
          c.to.owner ?? '',
        ]);
      const reply = await runScript(
        this.client,
        'repairSeats',
        [k.meta, k.states, k.rows, k.picks, k.counts, k.owners],
        argv,
      );
      if (reply[0] !== ScriptCode.Ok) throw new Error(`repairSeats failed with ${String(reply[0])}`);
      repaired += Number(reply[1]);
      skipped += Number(reply[2]);
    }
    return { repaired, skipped };
  }

  async counts(sessionId: string): Promise<InventoryCounts | undefined> {
    const k = sessionKeys(sessionId);
    const [meta, raw] = await Promise.all([this.client.hgetall(k.meta), this.client.hgetall(k.counts)]);
    const tiers = Object.keys(meta)
      .filter((f) => f.startsWith('n:'))
      .map((f) => f.slice(2));
    if (tiers.length === 0) return undefined;
    return {
      byTier: tiers.map((tierId) => {
        const available = Number(raw[`a:${tierId}`] ?? 0);
        const sold = Number(raw[`s:${tierId}`] ?? 0);
        // Held is derived (total - available - sold): the hot path keeps one counter fewer.
        return { tierId, available, held: Number(meta[`n:${tierId}`]) - available - sold, sold };
      }),
    };
  }

  async openSessions(): Promise<string[]> {
    return this.client.smembers(OPEN_SESSIONS_KEY);
  }

  async overdueHolds(sessionId: string, nowMs: number, limit: number): Promise<string[]> {
    return this.client.zrangebyscore(sessionKeys(sessionId).expiry, '-inf', nowMs, 'LIMIT', 0, limit);
  }

  async forgetExpiry(sessionId: string, holdId: string): Promise<void> {
    await this.client.zrem(sessionKeys(sessionId).expiry, holdId);
  }
}

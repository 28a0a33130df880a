import { Cluster } from 'ioredis';
import { SessionGeometry, type SessionLayout } from '#kernel/session-layout.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import { sessionKeys } from '#shared/inventory/session-keys.ts';
import { expectedPicks } from './best-available-model.ts';

/**
 * Reads a session's whole inventory back from Redis and returns every broken invariant:
 *  - a HELD seat has exactly one owner, an ACTIVE hold that lists it; an AVAILABLE seat has none;
 *  - no seat is in two ACTIVE holds, and every seat of an ACTIVE hold is HELD by it;
 *  - tier counters equal the seat states; per-user limit counts equal the users' active holds;
 *  - the picks index holds exactly, per row and seat count, the best placement's score (the
 *    brute-force model in best-available-model.ts);
 *  - the expiry index lists exactly the ACTIVE holds;
 *  - ONE_PER_ID: every id on an active hold points at it, and every id entry points at a hold
 *    that is active or still owns seats.
 */
/**
 * Keys matching `pattern` on every node: a cluster client sends KEYS to one random node, so
 * on a cluster each master is asked (a session's keys share one slot, on one of them).
 */
export async function keysEverywhere(client: RedisClient, pattern: string): Promise<string[]> {
  if (!(client instanceof Cluster)) return client.keys(pattern);
  const found = await Promise.all(client.nodes('master').map((node) => node.keys(pattern)));
  return found.flat();
}

export async function inventoryViolations(client: RedisClient, layout: SessionLayout): Promise<string[]> {
  const k = sessionKeys(layout.sessionId);
  const geo = new SessionGeometry(layout);
  const problems: string[] = [];
  const states = (await client.get(k.states)) ?? '';
  const owners = await client.hgetall(k.owners);
  const holdKeys = await keysEverywhere(client, `${k.hold('')}*`);
  type HoldSeats = { userId: string; seats: number[]; tiers: string[]; idHashes: string[] };
  const active = new Map<string, HoldSeats>();
  const confirmed = new Map<string, HoldSeats>();
  for (const key of holdKeys) {
    const h = await client.hgetall(key);
    const seats = {
      userId: h.userId!,
      seats: h.seats!.split(',').map(Number),
      tiers: h.tiers!.split(','),
      idHashes: h.idHashes ? h.idHashes.split(',') : [],
    };
    if (h.status === 'ACTIVE') active.set(key.slice(k.hold('').length), seats);
    if (h.status === 'CONFIRMED') confirmed.set(key.slice(k.hold('').length), seats);
  }
  const seatHolder = new Map<number, string>();
  for (const [holdId, h] of active) {
    for (const s of h.seats) {
      if (seatHolder.has(s))
        problems.push(`seat ${s} in two active holds ${seatHolder.get(s)} and ${holdId}`);
      seatHolder.set(s, holdId);
      if (states[s] !== '1') problems.push(`seat ${s} of active hold ${holdId} is '${states[s]}', not held`);
      if (owners[s] !== holdId) problems.push(`seat ${s} of active hold ${holdId} owned by ${owners[s]}`);
    }
  }
  for (let s = 0; s < states.length; s++) {
    if (states[s] === '1' && !seatHolder.has(s)) problems.push(`seat ${s} held by no active hold`);
    // Held and sold seats have an owner (the holdId); free seats have none.
    if (states[s] === '0' && owners[s] !== undefined)
      problems.push(`seat ${s} is free but has owner ${owners[s]}`);
    if (states[s] === '2' && owners[s] === undefined) problems.push(`seat ${s} is sold but has no owner`);
  }
  const counts = await client.hgetall(k.counts);
  const meta = await client.hgetall(k.meta);
  for (const t of layout.tiers) {
    const c = { a: 0, h: 0, s: 0 };
    for (const r of geo.rows.filter((row) => row.tierId === t.tierId)) {
      for (const ch of states.slice(r.start, r.start + r.len)) {
        if (ch === '0') c.a++;
        else if (ch === '1') c.h++;
        else c.s++;
      }
    }
    // Held is derived from the tier size: n - a - s.
    const stored = {
      a: Number(counts[`a:${t.tierId}`]),
      s: Number(counts[`s:${t.tierId}`]),
      h: Number(meta[`n:${t.tierId}`]) - Number(counts[`a:${t.tierId}`]) - Number(counts[`s:${t.tierId}`]),
    };
    for (const f of ['a', 'h', 's'] as const) {
      if (stored[f] !== c[f]) problems.push(`counter ${f}:${t.tierId} = ${stored[f]}, seats say ${c[f]}`);
    }
  }
  const expectedLimits: Record<string, number> = {};
  // A user's count is what they hold (active holds) plus what they bought (seats still sold to a confirmed hold).
  for (const h of active.values()) {
    for (const t of h.tiers)
      expectedLimits[`${h.userId}|${t}`] = (expectedLimits[`${h.userId}|${t}`] ?? 0) + 1;
  }
  for (const [holdId, h] of confirmed) {
    h.seats.forEach((seat, i) => {
      const key = `${h.userId}|${h.tiers[i]}`;
      if (states[seat] === '2' && owners[seat] === holdId)
        expectedLimits[key] = (expectedLimits[key] ?? 0) + 1;
    });
  }
  // A session with a limit over all tiers (meta `ul`) keeps each user's total as "<user>|*",
  // never over the limit.
  if (meta.ul !== undefined) {
    for (const [key, n] of Object.entries(expectedLimits)) {
      const all = `${key.slice(0, key.lastIndexOf('|'))}|*`;
      expectedLimits[all] = (expectedLimits[all] ?? 0) + n;
    }
    for (const [key, n] of Object.entries(expectedLimits))
      if (key.endsWith('|*') && n > Number(meta.ul))
        problems.push(`${key}: ${n} seats, over the session's ${meta.ul}`);
  }
  const limits = await client.hgetall(k.limits);
  for (const key of new Set([...Object.keys(limits), ...Object.keys(expectedLimits)])) {
    if (Number(limits[key] ?? 0) !== (expectedLimits[key] ?? 0)) {
      problems.push(`limit ${key} = ${limits[key]}, holds and purchases say ${expectedLimits[key] ?? 0}`);
    }
  }
  const flat = await client.zrange(k.picks, 0, -1, 'WITHSCORES');
  const picks = new Map<string, number>();
  for (let i = 0; i < flat.length; i += 2) picks.set(flat[i]!, Number(flat[i + 1]));
  const want = expectedPicks(
    states,
    geo.rows,
    layout.tiers.map((t) => t.tierId),
    layout.maxPerOrder,
  );
  for (const [member, score] of want) {
    if (picks.get(member) !== score)
      problems.push(`picks index wrong for ${member}: ${picks.get(member)}, want ${score}`);
  }
  for (const member of picks.keys()) {
    if (!want.has(member)) problems.push(`picks index has ${member}, which that row cannot seat`);
  }
  const ids = await client.hgetall(k.ids);
  for (const [holdId, h] of active) {
    for (const idHash of h.idHashes)
      if (ids[idHash] !== holdId)
        problems.push(`id ${idHash} of active hold ${holdId} maps to ${ids[idHash]}`);
  }
  const owning = new Set(Object.values(owners));
  for (const [idHash, holdId] of Object.entries(ids)) {
    if (!active.has(holdId) && !owning.has(holdId))
      problems.push(`id ${idHash} still taken by ${holdId}, which holds no seat`);
  }
  const expiry = new Set(await client.zrange(k.expiry, 0, -1));
  for (const holdId of active.keys())
    if (!expiry.has(holdId)) problems.push(`active hold ${holdId} missing from expiry index`);
  for (const holdId of expiry)
    if (!active.has(holdId)) problems.push(`expiry index lists ended hold ${holdId}`);
  return problems;
}

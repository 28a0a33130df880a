import { LRUCache } from 'lru-cache';
import type { LineSnapshot, QueueSettings, WaitingRoom } from '#shared/ports/waiting-room.ts';

export interface QueueSnapshot {
  settings: QueueSettings;
  line: LineSnapshot;
}

/**
 * Each container's view of the sessions' waiting rooms, at most `ttlMs` old: the hold and
 * order paths ask it whether a session is gated, and status polls are answered from it, so
 * the queue's shard sees one read per container per second, not one per request (concurrent
 * misses share one read). A setting changed by the admin reaches every container within `ttlMs`.
 */
export class QueueGate {
  private readonly cache: LRUCache<string, { snapshot: QueueSnapshot | undefined } | { error: unknown }>;

  constructor(room: WaitingRoom, ttlMs = 1000) {
    this.cache = new LRUCache({
      max: 2000,
      ttl: ttlMs,
      // A `remember` while a read is in flight must not fail that read (lru-cache aborts it by
      // default): the reader gets what it read, the newer line stays cached.
      ignoreFetchAbort: true,
      // A failed read is carried out as a value, never a rejection: a rejected background
      // fetch that a `remember` had superseded went unhandled inside lru-cache and brought the
      // local runtime down while Redis was frozen (the bench's outage run).
      fetchMethod: async (sessionId) => {
        try {
          return { snapshot: await room.snapshot(sessionId) };
        } catch (error) {
          return { error };
        }
      },
    });
  }

  async snapshot(sessionId: string): Promise<QueueSnapshot | undefined> {
    const got = await this.cache.fetch(sessionId);
    if (got && 'error' in got) {
      // Not kept: the next request reads again (the breaker makes that cheap while it fails).
      this.cache.delete(sessionId);
      throw got.error;
    }
    return got?.snapshot;
  }

  /** A script call returned a fresher line: keep it (same settings). */
  remember(sessionId: string, snapshot: QueueSnapshot): void {
    this.cache.set(sessionId, { snapshot }, { noUpdateTTL: true });
  }

  forget(sessionId: string): void {
    this.cache.delete(sessionId);
  }
}

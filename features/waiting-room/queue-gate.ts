import QuickLRU from 'quick-lru';
import type { LineSnapshot, QueueSettings, WaitingRoom } from './port.ts';

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
  private readonly cache: QuickLRU<string, { snapshot: QueueSnapshot | undefined }>;
  /** The read under way per session: concurrent misses wait for it instead of reading again. */
  private readonly reading = new Map<string, Promise<QueueSnapshot | undefined>>();

  constructor(
    private readonly room: WaitingRoom,
    ttlMs = 1000,
  ) {
    this.cache = new QuickLRU({ maxSize: 2000, maxAge: ttlMs });
  }

  snapshot(sessionId: string): Promise<QueueSnapshot | undefined> {
    const hit = this.cache.get(sessionId);
    if (hit) return Promise.resolve(hit.snapshot);
    const under = this.reading.get(sessionId);
    if (under) return under;
    const read = this.room.snapshot(sessionId).then(
      (snapshot) => {
        // Kept unless `forget` came meanwhile (the settings changed: the next request reads
        // again) or a `remember` left a newer line (the readers still get what they read).
        if (this.settle(sessionId, read) && !this.cache.has(sessionId))
          this.cache.set(sessionId, { snapshot });
        return snapshot;
      },
      (err: unknown) => {
        // Not kept: the next request reads again (the breaker makes that cheap while it fails).
        this.settle(sessionId, read);
        throw err;
      },
    );
    this.reading.set(sessionId, read);
    return read;
  }

  /** A script call returned a fresher line: keep it (same settings), without extending its age. */
  remember(sessionId: string, snapshot: QueueSnapshot): void {
    const left = this.cache.expiresIn(sessionId);
    this.cache.set(sessionId, { snapshot }, left !== undefined && left > 0 ? { maxAge: left } : undefined);
  }

  forget(sessionId: string): void {
    this.cache.delete(sessionId);
    this.reading.delete(sessionId);
  }

  /** The read is over; false when `forget` came while it was under way. */
  private settle(sessionId: string, read: Promise<QueueSnapshot | undefined>): boolean {
    if (this.reading.get(sessionId) !== read) return false;
    this.reading.delete(sessionId);
    return true;
  }
}

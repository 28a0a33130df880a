import QuickLRU from 'quick-lru';
import { logger } from '#kernel/observability/logger.ts';
import type { CatalogueCache, RecordKind } from './ports.ts';
import type { CatalogueRecords, ProgramRecord, SessionRecord } from './records.ts';

interface Entry<T> {
  version: number;
  record: T | null;
}

/** How long a reader waits for another container's rebuild before reading DynamoDB itself. */
const WAIT_FOR_REBUILD_MS = 2_000;
const POLL_MS = 20;

/**
 * Program detail and session data, read through three levels (seed 001 节目详情多级缓存):
 *
 *   this container's LRU → the shared copy in Redis → DynamoDB
 *
 * Every read checks the record's version stamp in Redis (one small GET); an organiser's
 * change bumps it, so every warm container reads the new record on its next request — no
 * TTL to wait out. A miss is rebuilt once: concurrent readers in this container share one
 * promise, and across containers a Redis lock lets one of them read DynamoDB while the
 * others wait for its copy (a hot program's cold start costs one DynamoDB read, not one
 * per container or per request). Missing records are cached too (`null`).
 */
export class CatalogueReads {
  private readonly local = {
    program: new QuickLRU<string, Entry<ProgramRecord>>({ maxSize: 1_000 }),
    session: new QuickLRU<string, Entry<SessionRecord>>({ maxSize: 5_000 }),
  };
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly cache: CatalogueCache,
    private readonly catalogue: Pick<CatalogueRecords, 'getProgram' | 'getSession'>,
  ) {}

  program(programId: string): Promise<ProgramRecord | undefined> {
    return this.read('program', programId, () => this.catalogue.getProgram(programId));
  }

  session(sessionId: string): Promise<SessionRecord | undefined> {
    return this.read('session', sessionId, () => this.catalogue.getSession(sessionId));
  }

  /** After an organiser's change to the record: every container reads it again. */
  async changed(kind: RecordKind, id: string): Promise<void> {
    this.local[kind].delete(id);
    await this.cache.bump(kind, id);
  }

  /**
   * A program's listing changed (created, edited, opened, cancelled): answers a container
   * built from the listings (the city picker) are old in every container at once.
   */
  listingsChanged(): Promise<void> {
    return this.cache.bump('listings', 'all');
  }

  /** The listings' version stamp: a container's answer built at another stamp is old. */
  listingsVersion(): Promise<number> {
    return this.cache.version('listings', 'all');
  }

  private async read<T>(
    kind: RecordKind,
    id: string,
    fromDb: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const local = this.local[kind] as unknown as QuickLRU<string, Entry<T>>;
    const hit = local.get(id);
    let version: number;
    try {
      version = await this.cache.version(kind, id);
    } catch (err) {
      // Redis down: what this container has, else DynamoDB (the stamps are back with Redis).
      logger.warn('catalogue version stamp unreadable; reading without it', { kind, id, error: String(err) });
      if (hit) return hit.record ?? undefined;
      return fromDb();
    }
    if (hit && hit.version === version) return hit.record ?? undefined;
    const key = `${kind}:${id}:${version}`;
    let pending = this.inflight.get(key) as Promise<T | null> | undefined;
    if (!pending) {
      pending = this.rebuild(kind, id, version, fromDb).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    const record = await pending;
    local.set(id, { version, record });
    return record ?? undefined;
  }

  private async rebuild<T>(
    kind: RecordKind,
    id: string,
    version: number,
    fromDb: () => Promise<T | undefined>,
  ): Promise<T | null> {
    const shared = await this.cache.copy<T>(kind, id);
    if (shared && shared.version === version) return shared.record;
    if (!(await this.cache.lock(kind, id, WAIT_FOR_REBUILD_MS * 2))) {
      const deadline = Date.now() + WAIT_FOR_REBUILD_MS;
      while (Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        const copy = await this.cache.copy<T>(kind, id);
        if (copy && copy.version >= version) return copy.record;
      }
      logger.warn('catalogue rebuild by another container took too long; reading DynamoDB', { kind, id });
      return (await fromDb()) ?? null;
    }
    try {
      const record = (await fromDb()) ?? null;
      await this.cache.putCopy(kind, id, { version, record });
      return record;
    } finally {
      await this.cache.unlock(kind, id);
    }
  }
}

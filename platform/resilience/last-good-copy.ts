import QuickLRU from 'quick-lru';
import { logger } from '#kernel/observability/logger.ts';
import { count } from '#kernel/observability/metrics.ts';
import { isDependencyFailure } from '#platform/resilience/dependency-failure.ts';

/** A read's answer; `ageSeconds` is set when it is a stored copy because the live store failed. */
export interface Degradable<T> {
  value: T;
  ageSeconds?: number;
}

/**
 * The last answer each key got from its primary store, per container, served when that store
 * does not answer (a dependency failure, an open circuit) instead of a 503: a buyer during a
 * Redis outage still sees the seat map and the program as they were, and the response says
 * how old it is (`x-data-age`). Refusals (404, validation) are never covered up. Copies are
 * kept at most `maxAgeMs`: older than that, the honest answer is the 503.
 */
export class LastGoodCopies<T> {
  private readonly copies: QuickLRU<string, { value: T; atMs: number }>;

  constructor(
    private readonly what: string,
    opts: { max: number; maxAgeMs: number },
    private readonly now: () => number = Date.now,
  ) {
    this.maxAgeMs = opts.maxAgeMs;
    this.copies = new QuickLRU({ maxSize: opts.max, maxAge: opts.maxAgeMs });
  }

  private readonly maxAgeMs: number;

  async read(key: string, load: () => Promise<T>): Promise<Degradable<T>> {
    try {
      const value = await load();
      this.copies.set(key, { value, atMs: this.now() });
      return { value };
    } catch (err) {
      const copy = isDependencyFailure(err) ? this.copies.get(key) : undefined;
      if (!copy || this.now() - copy.atMs > this.maxAgeMs) throw err;
      const ageSeconds = Math.max(0, Math.floor((this.now() - copy.atMs) / 1000));
      count('DegradedRead');
      logger.warn('primary store failed: answering from the last good copy', {
        what: this.what,
        key,
        ageSeconds,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      });
      return { value: copy.value, ageSeconds };
    }
  }
}

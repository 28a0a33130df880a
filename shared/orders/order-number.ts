import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { RedisClient } from '#platform/clients/redis.ts';
import type { OrderNumbers } from '#shared/ports/orders.ts';

/**
 * Order numbers: 63-bit snowflakes (positive in any signed 64-bit type), seed 001's 基因法:
 *
 *   | 40 bits ms since 2024-01-01 | 12 bits worker | 5 bits sequence | 6 bits user gene |
 *
 * The low 6 bits are the user's gene (a hash of the user id mod 64), so an order can be
 * routed to a shard by its number or by its user alike. (timestamp, worker, sequence) is
 * unique: a worker id is leased in Redis, never chosen at random and hoped for, and the
 * sequence allows 32 orders per ms per container (a Lambda container serves one request
 * at a time). 40 bits of ms last until 2058.
 */
export const EPOCH_MS = Date.UTC(2024, 0, 1);
const WORKER_BITS = 12n;
const SEQ_BITS = 5n;
export const GENE_BITS = 6n;
const MAX_WORKERS = 1 << Number(WORKER_BITS);
const MAX_SEQ = (1 << Number(SEQ_BITS)) - 1;

export function userGene(userId: string): number {
  return createHash('sha1').update(userId).digest().readUInt8(0) & ((1 << Number(GENE_BITS)) - 1);
}

export function decodeOrderNumber(n: string): {
  timeMs: number;
  worker: number;
  sequence: number;
  gene: number;
} {
  const v = BigInt(n);
  return {
    gene: Number(v & ((1n << GENE_BITS) - 1n)),
    sequence: Number((v >> GENE_BITS) & BigInt(MAX_SEQ)),
    worker: Number((v >> (GENE_BITS + SEQ_BITS)) & BigInt(MAX_WORKERS - 1)),
    timeMs: Number(v >> (GENE_BITS + SEQ_BITS + WORKER_BITS)) + EPOCH_MS,
  };
}

/**
 * A worker id held in Redis with a TTL (`SET worker:<n> <token> NX EX`). Renewed on use
 * when older than a third of its TTL; if it was lost (the container slept past the TTL and
 * someone else took it), a new one is leased before the next id is made.
 */
export class WorkerIdLease {
  private worker: number | undefined;
  private renewedAt = 0;
  private readonly token = randomUUID();
  /** Concurrent callers share one acquisition or renewal instead of each leasing a worker. */
  private inFlight: Promise<number> | undefined;

  constructor(
    private readonly client: RedisClient,
    private readonly ttlSeconds = 60,
    private readonly now: () => number = Date.now,
  ) {}

  private key(worker: number): string {
    return `snowflake:worker:${worker}`;
  }

  current(): Promise<number> {
    if (this.worker !== undefined && this.now() - this.renewedAt < (this.ttlSeconds * 1000) / 3) {
      return Promise.resolve(this.worker);
    }
    this.inFlight ??= this.refresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async refresh(): Promise<number> {
    const now = this.now();
    if (this.worker !== undefined) {
      // Renew only if it is still ours (compare-and-expire in one step).
      const still = await this.client.eval(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('EXPIRE', KEYS[1], ARGV[2]) else return 0 end",
        1,
        this.key(this.worker),
        this.token,
        this.ttlSeconds,
      );
      if (still === 1) {
        this.renewedAt = now;
        return this.worker;
      }
      this.worker = undefined;
    }
    const start = randomInt(0, MAX_WORKERS);
    for (let i = 0; i < MAX_WORKERS; i++) {
      const w = (start + i) % MAX_WORKERS;
      if ((await this.client.set(this.key(w), this.token, 'EX', this.ttlSeconds, 'NX')) === 'OK') {
        this.worker = w;
        this.renewedAt = now;
        return w;
      }
    }
    throw new Error('no free snowflake worker id (4096 in use)');
  }
}

export class OrderNumberGenerator implements OrderNumbers {
  private lastMs = -1;
  private sequence = 0;

  constructor(
    private readonly lease: WorkerIdLease,
    private readonly now: () => number = Date.now,
  ) {}

  async next(userId: string): Promise<string> {
    const worker = await this.lease.current();
    // Reserve (ms, sequence) synchronously: no await between reading and writing the state.
    let ms = Math.max(this.now(), this.lastMs); // clock stepped back: never reuse an earlier tick
    if (ms === this.lastMs) {
      this.sequence++;
      if (this.sequence > MAX_SEQ) {
        // 32 in one ms from one container: move to the next ms rather than wrap.
        ms = this.lastMs + 1;
        this.sequence = 0;
      }
    } else {
      this.sequence = 0;
    }
    this.lastMs = ms;
    const sequence = this.sequence;
    // Keep the time bits honest: do not hand out an id ahead of the clock.
    while (this.now() < ms) await new Promise((r) => setImmediate(r));
    const v =
      (BigInt(ms - EPOCH_MS) << (WORKER_BITS + SEQ_BITS + GENE_BITS)) |
      (BigInt(worker) << (SEQ_BITS + GENE_BITS)) |
      (BigInt(sequence) << GENE_BITS) |
      BigInt(userGene(userId));
    return v.toString();
  }
}

import {
  loadSessionInventory,
  meaningOf,
  mightExist,
  rememberMissing,
  sessionDataExpiresAt,
} from '#features/sessions/index.ts';
import { DomainError } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import { count } from '#kernel/observability/metrics.ts';
import { sessionTag } from '#platform/clients/redis.ts';
import type { Deps } from '#shared/app/deps.ts';

export type HealDeps = Pick<
  Deps,
  'catalogue' | 'inventory' | 'waitingRoom' | 'once' | 'idFilter' | 'clock' | 'config' | 'sessionOrders'
>;

/** How long one container may take to rebuild before another may try (a 100,000-seat session: seconds). */
const REBUILD_LOCK_SECONDS = 60;
export const REBUILD_RETRY_AFTER_SECONDS = 2;

/** Whether a hold failure says the session's inventory is not in Redis at all (not: closed, not yet open). */
export function inventoryMissing(error: unknown): boolean {
  return (
    error instanceof DomainError &&
    ((error.code === 'INVALID_STATE' && error.details?.status === 'NOT_ON_SALE') ||
      error.code === 'NOT_FOUND')
  );
}

/**
 * A session on sale in DynamoDB whose inventory vanished from Redis (a restart without data,
 * an eviction, a failover to an empty node) is rebuilt from the durable record on the hold
 * path, once: one container takes the rebuild lock (single flight across containers, so a
 * stampede of holds makes one DynamoDB read of the seat states), every other request answers
 * 503 with retry-after meanwhile. Seats of written orders come back HELD and sold ones SOLD;
 * holds that lived only in Redis are gone, and that is reported (`InventoryRebuilt`), not
 * hidden. Anything else — an unknown id, a session not on sale, DynamoDB not answering —
 * keeps the original answer.
 */
export async function healVanishedSession(
  d: HealDeps,
  sessionId: string,
  original: DomainError,
): Promise<never> {
  if (!(await mightExist(d, sessionId).catch(() => true))) throw original;
  const session = await d.catalogue.getSession(sessionId).catch(() => undefined);
  if (!session) {
    rememberMissing(sessionId);
    throw original;
  }
  // A closed session is rebuilt too (its unpaid orders still expire or get paid), as CLOSED;
  // not one whose data expired after its show on purpose (nothing in it can run any more).
  if (!meaningOf(session.status).keepsInventory) throw original;
  if (d.clock.now() >= sessionDataExpiresAt(session, d.config.sessionDataGraceSeconds)) throw original;
  const lock = `rebuild:${sessionTag(sessionId)}`;
  if (await d.once.first(lock, REBUILD_LOCK_SECONDS)) {
    try {
      // Another container may have finished just before this one took the lock.
      if (!(await d.inventory.layout(sessionId))) {
        const rebuilt = await loadSessionInventory(d, session, false);
        count('InventoryRebuilt');
        logger.error('session inventory was missing from Redis; rebuilt from DynamoDB', {
          metric: 'InventoryRebuilt',
          sessionId,
          heldSeatsRestored: rebuilt.held,
          soldSeatsRestored: rebuilt.sold,
          unpaidOrdersRestored: rebuilt.ordersRestored,
          lost: 'holds without a written order existed only in Redis and are gone; their buyers hold again',
        });
      }
    } finally {
      await d.once.forget(lock);
    }
  }
  throw new DomainError(
    'UNAVAILABLE',
    'This session is being restored; please retry in a moment',
    { sessionId, reason: 'RESTORING' },
    { retryAfterSeconds: REBUILD_RETRY_AFTER_SECONDS },
  );
}

import QuickLRU from 'quick-lru';
import { DomainError, notFound } from '#kernel/errors.ts';
import { newId } from '#kernel/ids.ts';
import { logger } from '#kernel/observability/logger.ts';
import type { OrderStatus } from '#kernel/order-statuses.ts';
import { type Degradable, LastGoodCopies } from '#platform/resilience/last-good-copy.ts';
import { mightExist, rememberIds, rememberMissing } from './known-ids.ts';
import type { SessionsDeps as Deps } from './ports.ts';
import type { Category, ProgramRecord, SessionRecord } from './records.ts';
import type { ProgramInput } from './schema.ts';
import { keepSessionData } from './session-data.ts';
import { loadSessionInventory } from './session-inventory.ts';
import { meaningOf, visibleStatus } from './session-status.ts';

type CatalogueDeps = Pick<
  Deps,
  | 'catalogue'
  | 'catalogueReads'
  | 'inventory'
  | 'clock'
  | 'programFollowers'
  | 'waitingRoom'
  | 'queueGate'
  | 'idFilter'
  | 'sessionOrders'
>;

/**
 * Create a program: check the category → give ids to the program and its sessions → write
 * program and sessions (layout documents, no item per seat) in one transaction.
 */
export async function createProgram(d: CatalogueDeps, input: ProgramInput) {
  const categories = await d.catalogue.listCategories();
  if (!categories.some((c) => c.categoryId === input.categoryId)) {
    throw new DomainError('VALIDATION_FAILED', 'Unknown category', {
      fields: [{ path: 'body.categoryId', message: 'no category with this id' }],
    });
  }
  const now = d.clock.now();
  const programId = newId('p', now);
  const sessions: SessionRecord[] = input.sessions.map((s) => {
    const sessionId = newId('s', now);
    const times = {
      startsAt: new Date(s.startsAt).toISOString(),
      saleOpensAt: new Date(s.saleOpensAt).toISOString(),
      // By default the sale closes when the show starts.
      saleClosesAt: new Date(s.saleClosesAt ?? s.startsAt).toISOString(),
    };
    return {
      sessionId,
      programId,
      ...times,
      status: 'SCHEDULED',
      layout: {
        sessionId,
        programId,
        ...times,
        maxPerOrder: s.maxPerOrder,
        // One show, one limit per user over all its tiers (never only per tier).
        perUserLimit: s.perUserLimit ?? Math.max(...s.tiers.map((t) => t.perUserLimit)),
        ...(s.realName ? { realName: s.realName } : {}),
        tiers: s.tiers,
        sections: s.layout.sections,
      },
    };
  });
  const program: ProgramRecord = {
    programId,
    title: input.title,
    actor: input.actor,
    city: input.city,
    venue: input.venue,
    categoryId: input.categoryId,
    ...(input.description ? { description: input.description } : {}),
    createdAt: new Date(now).toISOString(),
    sessions: sessions.map((s) => ({
      sessionId: s.sessionId,
      startsAt: s.startsAt,
      saleOpensAt: s.saleOpensAt,
      ...(s.saleClosesAt ? { saleClosesAt: s.saleClosesAt } : {}),
      tiers: s.layout.tiers,
    })),
  };
  await rememberIds(d, [programId, ...sessions.map((s) => s.sessionId)]);
  await d.catalogue.createProgram(program, sessions);
  // The program exists now; a search index that fails here is caught up when a session opens.
  await d.programFollowers.list(program).catch((err: unknown) =>
    logger.warn('could not index the new program; opening a session indexes it', {
      programId,
      error: String(err),
    }),
  );
  return { programId, sessions: sessions.map((s) => ({ sessionId: s.sessionId })) };
}

/**
 * Open a session for sale ("warmup"): read the layout and the durable seat states from
 * DynamoDB → load Redis in one script (counters and the free-run index derived there) →
 * mark the session ON_SALE. Opening an open session changes nothing unless `rebuild` is set,
 * which reloads Redis from DynamoDB (recovery after Redis lost data).
 */
export async function openSession(d: CatalogueDeps, sessionId: string, rebuild: boolean) {
  const session = await d.catalogue.getSession(sessionId);
  if (!session) throw notFound('Session');
  const cancelled = () =>
    new DomainError('INVALID_STATE', 'The session is cancelled', { status: 'CANCELLED' });
  if (meaningOf(session.status).cancelled) throw cancelled();
  // Opening a CLOSED session reopens its sale (a loaded one keeps its seats as they are).
  const { loaded, geometry } = await loadSessionInventory(d, { ...session, status: 'ON_SALE' }, rebuild);
  if (!loaded && session.status === 'CLOSED')
    await d.inventory.setSaleWindow(sessionId, { status: 'ON_SALE' });
  // Selling again: an expiry set when the sale had ended is taken off its data.
  await keepSessionData(d, sessionId);
  // A cancel that won the race meanwhile stands: the write is conditional, and its job
  // releases what was loaded (the hold script refuses once the cancel marked Redis).
  if (session.status !== 'ON_SALE' && !(await d.catalogue.moveSession(sessionId, 'open'))) throw cancelled();
  await programChanged(d, session.programId);
  await d.catalogueReads.changed('session', sessionId);
  const program = await d.catalogue.getProgram(session.programId);
  if (program) {
    // Opening is idempotent, so a failed indexing is retried by opening again.
    await d.programFollowers.list(program).catch((err: unknown) => {
      throw new DomainError(
        'UNAVAILABLE',
        'The session is on sale but the search index did not answer; open it again to list it',
        { sessionId },
        { cause: err, retryAfterSeconds: 5 },
      );
    });
  }
  return {
    sessionId,
    seatCount: geometry.seatCount,
    loaded,
    ...(await sessionStats(d, sessionId)),
    status: 'ON_SALE' as const,
  };
}

/**
 * Order counts by status per session. Counting reads every order key of the session's index,
 * so a big session's counts are kept 5 s (an organiser polling stats during an on-sale costs
 * one count per 5 s per container); a small one is counted fresh each time.
 */
const orderCounts = /* @__PURE__ */ new QuickLRU<string, Partial<Record<OrderStatus, number>>>({
  maxSize: 200,
  maxAge: 5_000,
});
const COUNT_CACHE_FROM_ORDERS = 1_000;

async function ordersByStatusOf(d: Pick<Deps, 'sessionOrders'>, sessionId: string) {
  const cached = orderCounts.get(sessionId);
  if (cached) return cached;
  const counts = await d.sessionOrders.countBySession(sessionId);
  const total = Object.values(counts).reduce((n, c) => n + (c ?? 0), 0);
  if (total >= COUNT_CACHE_FROM_ORDERS) orderCounts.set(sessionId, counts);
  return counts;
}

/**
 * The organiser's live view: seats by tier (Redis), the waiting room, orders by status and
 * refunds still pending (DynamoDB, GSI2), and a cancellation's progress.
 */
export async function sessionStats(d: CatalogueDeps, sessionId: string) {
  const [counts, room, session] = await Promise.all([
    d.inventory.counts(sessionId),
    d.waitingRoom.snapshot(sessionId),
    d.catalogue.getSession(sessionId),
  ]);
  if (!session) throw notFound('Session');
  if (!counts && !meaningOf(session.status).cancelled) {
    throw new DomainError('INVALID_STATE', 'The session is not open for sale', { status: session.status });
  }
  const byTier = counts?.byTier ?? [];
  const sum = (f: 'available' | 'held' | 'sold') => byTier.reduce((n, t) => n + t[f], 0);
  const ordersByStatus = await ordersByStatusOf(d, sessionId);
  return {
    status: session.status,
    available: sum('available'),
    held: sum('held'),
    sold: sum('sold'),
    byTier,
    ordersByStatus,
    refundsPending: ordersByStatus.REFUND_PENDING ?? 0,
    ...(session.cancellation ? { cancellation: session.cancellation } : {}),
    ...(room
      ? {
          queue: {
            enabled: room.settings.enabled,
            admitPerMinute: room.settings.admitPerMinute,
            inLine: room.line.tail,
            admitted: room.line.served,
            admittedPaced: room.line.admitted.paced,
            admittedReturned: room.line.admitted.returned,
            returnedPlaces: room.line.returnedPlaces,
          },
        }
      : {}),
  };
}

const categoryCache = /* @__PURE__ */ new QuickLRU<'all', Category[]>({ maxSize: 1, maxAge: 60_000 });

export async function listCategories(d: Pick<Deps, 'catalogue'>): Promise<Category[]> {
  const cached = categoryCache.get('all');
  if (cached) return cached;
  const list = (await d.catalogue.listCategories()).sort((a, b) => a.categoryId.localeCompare(b.categoryId));
  categoryCache.set('all', list);
  return list;
}

/** After an organiser's change: every container reads the program again on its next request. */
export async function programChanged(d: Pick<Deps, 'catalogueReads'>, programId: string): Promise<void> {
  await d.catalogueReads.changed('program', programId);
}

/**
 * Program detail: in-process cache → DynamoDB; each session's status as the session-status
 * table reads its record now, and each tier's `remaining` live from Redis only while the
 * session sells (`null` otherwise: a closed, finished or cancelled show has no seats to offer,
 * whatever counters Redis still holds). Returns whether any session sells (callers warm buyer caches).
 */
export async function programDetail(d: CatalogueDeps, programId: string) {
  // An id that never existed is answered without a DynamoDB read (Bloom filter, then a short memory).
  if (!(await mightExist(d, programId))) throw notFound('Program');
  const program = await d.catalogueReads.program(programId);
  if (!program) {
    rememberMissing(programId);
    throw notFound('Program');
  }
  const now = d.clock.now();
  let onSale = false;
  const sessions = await Promise.all(
    program.sessions.map(async (s) => {
      const record = await d.catalogueReads.session(s.sessionId);
      const status = record ? visibleStatus(record, now) : 'SCHEDULED';
      const live = meaningOf(status).showsRemaining;
      const [counts, room] = await Promise.all([
        live ? d.inventory.counts(s.sessionId) : undefined,
        d.queueGate.snapshot(s.sessionId),
      ]);
      if (live) onSale = true;
      return {
        sessionId: s.sessionId,
        startsAt: s.startsAt,
        saleOpensAt: s.saleOpensAt,
        status,
        // Apps join the waiting room first (POST /v1/sessions/{id}/queue) when this is true.
        waitingRoom: live && (room?.settings.enabled ?? false),
        tiers: s.tiers.map((t) => ({
          ...t,
          remaining: counts?.byTier.find((c) => c.tierId === t.tierId)?.available ?? null,
        })),
      };
    }),
  );
  const { sessions: _s, ...rest } = program;
  return { program: { ...rest, sessions }, onSale };
}

type ProgramDetail = Awaited<ReturnType<typeof programDetail>>;

/** Each program's last detail answer, per container: served (with its age) while DynamoDB or Redis is down. */
const lastDetails = /* @__PURE__ */ new LastGoodCopies<ProgramDetail>('program detail', {
  max: 500,
  // 24 h, as a literal: esbuild cannot drop an unused statement holding an arithmetic expression.
  maxAgeMs: 86_400_000,
});

/** `GET /v1/programs/{id}`: live, or its last good copy while a store it reads does not answer. */
export function programDetailOrLastGood(
  d: CatalogueDeps,
  programId: string,
): Promise<Degradable<ProgramDetail>> {
  return lastDetails.read(programId, () => programDetail(d, programId));
}

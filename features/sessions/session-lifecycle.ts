import { DomainError, notFound } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import { mightExist, rememberMissing } from './known-ids.ts';
import type { SessionsDeps as Deps } from './ports.ts';
import { programChanged } from './programs.ts';
import type { ProgramRecord, SessionRecord } from './records.ts';
import type { ProgramPatch, SessionPatch } from './schema.ts';
import { keepSessionData } from './session-data.ts';
import { meaningOf, saleClosesAtOf, visibleStatus } from './session-status.ts';

type LifecycleDeps = Pick<
  Deps,
  'catalogue' | 'catalogueReads' | 'inventory' | 'clock' | 'programFollowers' | 'idFilter' | 'waitingRoom'
>;

const iso = (t: string) => new Date(t).toISOString();

async function sessionOrNotFound(d: LifecycleDeps, sessionId: string): Promise<SessionRecord> {
  if (!(await mightExist(d, sessionId))) throw notFound('Session');
  const session = await d.catalogue.getSession(sessionId);
  if (!session) {
    rememberMissing(sessionId);
    throw notFound('Session');
  }
  return session;
}

async function programOrNotFound(d: LifecycleDeps, programId: string): Promise<ProgramRecord> {
  const program = await d.catalogue.getProgram(programId);
  if (!program) throw notFound('Program');
  return program;
}

/** `GET /v1/sessions/{id}`: one session with its show, for apps that arrive by a session link (cached reads). */
export async function sessionView(d: LifecycleDeps, sessionId: string) {
  if (!(await mightExist(d, sessionId))) throw notFound('Session');
  const session = await d.catalogueReads.session(sessionId);
  if (!session) {
    rememberMissing(sessionId);
    throw notFound('Session');
  }
  const program = await d.catalogueReads.program(session.programId);
  if (!program) throw notFound('Program');
  return viewOf(session, program, d.clock.now());
}

function viewOf(session: SessionRecord, program: ProgramRecord, nowMs: number) {
  return {
    sessionId: session.sessionId,
    programId: program.programId,
    title: program.title,
    venue: program.venue,
    city: program.city,
    startsAt: session.startsAt,
    saleOpensAt: session.saleOpensAt,
    saleClosesAt: saleClosesAtOf(session),
    status: visibleStatus(session, nowMs),
    maxPerOrder: session.layout.maxPerOrder,
    ...(session.layout.perUserLimit ? { perUserLimit: session.layout.perUserLimit } : {}),
    tiers: session.layout.tiers.map(({ tierId, name, priceCents, perUserLimit }) => ({
      tierId,
      name,
      priceCents,
      perUserLimit,
    })),
  };
}

/** The listing follows every change; an index that does not answer is caught up by the next one. */
async function relist(d: LifecycleDeps, program: ProgramRecord): Promise<void> {
  await programChanged(d, program.programId);
  d.programFollowers.edited();
  await d.programFollowers.list(program).catch((err: unknown) =>
    logger.warn('search index not updated after an edit; the next edit or open updates it', {
      programId: program.programId,
      error: String(err),
    }),
  );
}

/** `PATCH /v1/admin/programs/{id}`: the program's descriptive fields; the listing follows. */
export async function patchProgram(d: LifecycleDeps, programId: string, patch: ProgramPatch) {
  const program = await programOrNotFound(d, programId);
  if (patch.categoryId !== undefined) {
    const categories = await d.catalogue.listCategories();
    if (!categories.some((c) => c.categoryId === patch.categoryId)) {
      throw new DomainError('VALIDATION_FAILED', 'Unknown category', {
        fields: [{ path: 'body.categoryId', message: 'no category with this id' }],
      });
    }
  }
  const updated: ProgramRecord = { ...program, ...patch };
  if (!(await d.catalogue.putProgram(updated))) throw notFound('Program');
  await relist(d, updated);
  const { sessions, ...rest } = updated;
  return { ...rest, sessions: sessions.map((s) => ({ ...s, saleClosesAt: saleClosesAtOf(s) })) };
}

/**
 * `PATCH /v1/admin/sessions/{id}`: its times (any status but cancelled), and tier prices
 * while it is still SCHEDULED (buyers may hold seats at the old price once it is open).
 * A loaded session's sale window changes in Redis at once, so the hold script enforces it.
 */
export async function patchSession(d: LifecycleDeps, sessionId: string, patch: SessionPatch) {
  const session = await sessionOrNotFound(d, sessionId);
  if (meaningOf(session.status).cancelled) {
    throw new DomainError('INVALID_STATE', 'The session is cancelled', { status: session.status });
  }
  if (patch.tiers && !meaningOf(session.status).pricesEditable) {
    throw new DomainError('INVALID_STATE', 'Prices can change only before the sale opens', {
      status: session.status,
    });
  }
  const tierIds = new Set(session.layout.tiers.map((t) => t.tierId));
  const unknown = (patch.tiers ?? []).filter((t) => !tierIds.has(t.tierId));
  if (unknown.length > 0) {
    throw new DomainError('VALIDATION_FAILED', 'Unknown tiers', {
      fields: unknown.map((t) => ({ path: 'body.tiers', message: `no tier ${t.tierId} in this session` })),
    });
  }
  const startsAt = iso(patch.startsAt ?? session.startsAt);
  const saleOpensAt = iso(patch.saleOpensAt ?? session.saleOpensAt);
  // A closing time left alone follows the start when it was the start (the default).
  const followsStart = session.saleClosesAt === undefined || session.saleClosesAt === session.startsAt;
  const saleClosesAt = iso(patch.saleClosesAt ?? (followsStart ? startsAt : saleClosesAtOf(session)));
  const bad: { path: string; message: string }[] = [];
  if (Date.parse(saleOpensAt) > Date.parse(startsAt))
    bad.push({ path: 'body.saleOpensAt', message: 'must not be after startsAt' });
  if (Date.parse(saleClosesAt) <= Date.parse(saleOpensAt))
    bad.push({ path: 'body.saleClosesAt', message: 'must be after saleOpensAt' });
  if (bad.length > 0)
    throw new DomainError('VALIDATION_FAILED', 'The times do not fit together', { fields: bad });

  const price = new Map((patch.tiers ?? []).map((t) => [t.tierId, t.priceCents]));
  const tiers = session.layout.tiers.map((t) => ({ ...t, priceCents: price.get(t.tierId) ?? t.priceCents }));
  const times = { startsAt, saleOpensAt, saleClosesAt };
  const updated: SessionRecord = { ...session, ...times, layout: { ...session.layout, ...times, tiers } };
  const program = await programOrNotFound(d, session.programId);
  const updatedProgram: ProgramRecord = {
    ...program,
    sessions: program.sessions.map((s) => (s.sessionId === sessionId ? { ...s, ...times, tiers } : s)),
  };
  await d.catalogue.putSessionAndProgram(updated, updatedProgram);
  await d.inventory.setSaleWindow(sessionId, {
    saleOpensAtMs: Date.parse(saleOpensAt),
    saleClosesAtMs: Date.parse(saleClosesAt),
  });
  // A sale moved later may sell again: an expiry set when it had ended is taken off its data.
  if (Date.parse(saleClosesAt) > d.clock.now()) await keepSessionData(d, sessionId);
  await d.catalogueReads.changed('session', sessionId);
  await relist(d, updatedProgram);
  return viewOf(updated, updatedProgram, d.clock.now());
}

/**
 * `POST /v1/admin/sessions/{id}/close`: no new holds (409 `SALE_CLOSED`); holds and orders
 * already made run out normally (pay, expire, release). Idempotent; reopened by `open`.
 */
export async function closeSession(d: LifecycleDeps, sessionId: string) {
  const session = await sessionOrNotFound(d, sessionId);
  if (meaningOf(session.status).cancelled) {
    throw new DomainError('INVALID_STATE', 'The session is cancelled', { status: session.status });
  }
  // Redis first: the hold script refuses from this moment; DynamoDB then records it, so a
  // rebuild loads it CLOSED. A cancel that won the race meanwhile stands (the write's condition).
  await d.inventory.setSaleWindow(sessionId, { status: 'CLOSED' });
  if (session.status !== 'CLOSED' && !(await d.catalogue.moveSession(sessionId, 'close')))
    throw new DomainError('INVALID_STATE', 'The session was cancelled meanwhile', { status: 'CANCELLING' });
  await d.catalogueReads.changed('session', sessionId);
  const closed: SessionRecord = { ...session, status: 'CLOSED' };
  const program = await programOrNotFound(d, session.programId);
  await relist(d, program);
  return viewOf(closed, program, d.clock.now());
}

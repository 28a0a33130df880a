import { randomInt } from 'node:crypto';
import { requireCaptcha } from '#features/abuse/index.ts';
import { DomainError, notFound } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import type { Principal } from '#kernel/principal.ts';
import type {
  ConfigureDeps,
  JoinDeps,
  LineSnapshot,
  Place,
  QueueSettings,
  RoomDeps,
  SessionForWaitingRoom,
  SessionQueueRecord,
} from './port.ts';
import type { QueueSnapshot } from './queue-gate.ts';

/** An offered place waits this long for its user to look (a poll claims it), then goes back to the line. */
export const CLAIM_WINDOW_MS = 60_000;
export const DEFAULT_ADMISSION_TTL_SECONDS = 600;
/** Pre-queue scores: uniform below 2^48 - 1 (randomInt's widest range), from a cryptographic RNG. */
const SCORE_RANGE = 2 ** 48 - 1;

export const queueUrl = (sessionId: string) => `/v1/sessions/${sessionId}/queue`;

function settingsOf(record: SessionQueueRecord, saleOpensAt: string): QueueSettings {
  return { ...record, opensAtMs: Date.parse(saleOpensAt), claimWindowMs: CLAIM_WINDOW_MS };
}

function settingsView(sessionId: string, s: QueueSettings) {
  return {
    sessionId,
    enabled: s.enabled,
    admitPerMinute: s.admitPerMinute,
    admissionTtlSeconds: s.admissionTtlSeconds,
    captcha: s.captcha,
    opensAt: new Date(s.opensAtMs).toISOString(),
    claimWindowSeconds: s.claimWindowMs / 1000,
  };
}

/**
 * PUT /v1/admin/sessions/{id}/queue: the settings go to the durable session record first
 * (Redis is rebuilt from it), then to Redis; every container's gate follows within a second.
 * The line itself is kept, so switching off and on again resumes where it was.
 */
export async function configureQueue(
  d: ConfigureDeps,
  sessionId: string,
  input: { enabled: boolean; admitPerMinute: number; admissionTtlSeconds?: number; captcha?: boolean },
) {
  const session = await d.catalogue.getSession(sessionId);
  if (!session) throw notFound('Session');
  const record: SessionQueueRecord = {
    enabled: input.enabled,
    admitPerMinute: input.admitPerMinute,
    admissionTtlSeconds: input.admissionTtlSeconds ?? DEFAULT_ADMISSION_TTL_SECONDS,
    captcha: input.captcha ?? false,
  };
  if (!(await d.catalogue.setSessionQueue(sessionId, record))) throw notFound('Session');
  await d.catalogueReads.changed('session', sessionId);
  const settings = settingsOf(record, session.saleOpensAt);
  await d.waitingRoom.configure(sessionId, settings);
  d.queueGate.forget(sessionId);
  return settingsView(sessionId, settings);
}

/** Puts a session's durable waiting-room settings back into Redis (its inventory was loaded or rebuilt). */
export async function restoreQueue(
  d: Pick<RoomDeps, 'waitingRoom'>,
  session: SessionForWaitingRoom,
): Promise<void> {
  if (session.queue)
    await d.waitingRoom.configure(session.sessionId, settingsOf(session.queue, session.saleOpensAt));
}

const secondsUntil = (ms: number, nowMs: number) => Math.max(0, Math.ceil((ms - nowMs) / 1000));
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** The API's view of a place: status, position, people ahead, an ETA, and what to send next. */
async function placeView(
  d: RoomDeps,
  principal: Principal,
  sessionId: string,
  settings: QueueSettings,
  place: Pick<Place, 'status' | 'position' | 'claimedAtMs'> & { line: LineSnapshot },
  /** The caller's ticket, when it still names this place: sent back as it is, not signed again. */
  ticket?: string,
) {
  const now = d.clock.now();
  const interval = 60_000 / settings.admitPerMinute;
  const queueTicket = ticket ?? d.admissionTokens.ticket(principal.userId, sessionId, place.position, now);
  switch (place.status) {
    case 'PRE': {
      const untilOpen = secondsUntil(settings.opensAtMs, now);
      return {
        status: 'WAITING' as const,
        preQueue: true,
        position: null,
        ahead: null,
        estimatedWaitSeconds: untilOpen,
        opensAt: new Date(settings.opensAtMs).toISOString(),
        pollAfterSeconds: preQueuePollAfter(untilOpen, 1 + randomInt(0, PRE_QUEUE_SPREAD_SECONDS)),
        queueTicket,
      };
    }
    case 'WAITING': {
      const ahead = Math.max(0, place.position - place.line.served - 1);
      const eta = secondsUntil(Math.max(place.line.nextSlotAtMs, now) + ahead * interval, now);
      return {
        status: 'WAITING' as const,
        preQueue: false,
        position: place.position,
        ahead,
        estimatedWaitSeconds: eta,
        pollAfterSeconds: waitingPollAfter(settings.admitPerMinute, ahead, eta),
        queueTicket,
      };
    }
    case 'ADMITTED': {
      const expiresAtMs = Math.floor((place.claimedAtMs + settings.admissionTtlSeconds * 1000) / 1000) * 1000;
      return {
        status: 'ADMITTED' as const,
        preQueue: false,
        position: place.position,
        ahead: 0,
        estimatedWaitSeconds: 0,
        admissionToken: await d.admissionTokens.admission(
          principal.userId,
          sessionId,
          place.claimedAtMs,
          expiresAtMs,
        ),
        admissionExpiresAt: new Date(expiresAtMs).toISOString(),
      };
    }
    default:
      return {
        status: 'EXPIRED' as const,
        preQueue: false,
        position: place.position,
        ahead: 0,
        estimatedWaitSeconds: 0,
      };
  }
}

async function snapshotOrNotFound(d: RoomDeps, sessionId: string): Promise<QueueSnapshot> {
  const snap = await d.queueGate.snapshot(sessionId);
  if (!snap) throw new DomainError('NOT_FOUND', 'This session has no waiting room');
  return snap;
}

/**
 * POST /v1/sessions/{id}/queue: one place per user (201 new, 200 the existing one; after an
 * expired admission, a new place at the back). Before the sale opens the place is in the
 * pre-queue, shuffled at the opening; a captcha first when the session asks for one.
 */
/** Pre-queue polls near the opening are spread over this many seconds after it. */
export const PRE_QUEUE_SPREAD_SECONDS = 10;

/**
 * The poll interval a place in the pre-queue is told. Far from the opening, a fifth of the time
 * to it (at most 60 s). Within 50 s of it: once, just after it, at a random second of the
 * next ten (`jitterSeconds`, 1–10). The order is drawn at the opening, so polling sooner
 * gains nothing, and a pre-queue of 350,000 told "every 2 s" would send 175,000 requests a
 * second in the last seconds (the capacity replay's finding, docs/CAPACITY.md).
 */
export function preQueuePollAfter(secondsToOpening: number, jitterSeconds: number): number {
  if (secondsToOpening <= 50) return secondsToOpening + jitterSeconds;
  return clamp(Math.ceil(secondsToOpening / 5), 2, 60);
}

/**
 * The poll interval a waiting place is told: every 2 s within the next 10 s of admissions
 * (so an admission is claimed promptly), else a fifth of its estimated wait, at most 30 s.
 * The capacity replay (bench/capacity.ts) derives the waiting room's poll load from it.
 */
export function waitingPollAfter(admitPerMinute: number, ahead: number, etaSeconds: number): number {
  return ahead < Math.ceil(admitPerMinute / 6) ? 2 : clamp(Math.ceil(etaSeconds / 5), 2, 30);
}

export async function joinQueue(
  d: JoinDeps,
  principal: Principal,
  sessionId: string,
  captcha: string | undefined,
) {
  const { settings } = await snapshotOrNotFound(d, sessionId);
  if (!settings.enabled) {
    throw new DomainError('INVALID_STATE', 'The waiting room of this session is closed: buy directly', {
      status: 'QUEUE_DISABLED',
    });
  }
  if (settings.captcha) await requireCaptcha(d, captcha, 'This waiting room asks for a captcha');
  const now = d.clock.now();
  const out = await d.waitingRoom.join(sessionId, principal.userId, now, randomInt(0, SCORE_RANGE));
  if (out.kind !== 'placed') throw new DomainError('NOT_FOUND', 'This session has no open waiting room');
  d.queueGate.remember(sessionId, { settings, line: out.place.line });
  return {
    status: out.place.existing ? 200 : 201,
    body: await placeView(d, principal, sessionId, settings, out.place),
  };
}

/**
 * GET /v1/sessions/{id}/queue. With the `x-queue-ticket` of a place still ahead of the
 * serving counter, any container answers from its snapshot (no Redis); otherwise (no ticket,
 * near the front, admitted) the queue is asked, which also claims an offered place.
 */
export async function queueStatus(
  d: RoomDeps,
  principal: Principal,
  sessionId: string,
  ticket: string | undefined,
) {
  const snap = await snapshotOrNotFound(d, sessionId);
  const now = d.clock.now();
  const position = ticket
    ? d.admissionTokens.readTicket(ticket, principal.userId, sessionId, now)
    : undefined;
  if (position !== undefined && snap.settings.enabled) {
    const line = await currentLine(d, sessionId, snap, now);
    const waiting = position > 0 && position > line.served;
    const preQueue = position === 0 && !line.sealed && now < snap.settings.opensAtMs;
    if (waiting || preQueue) {
      const status = preQueue ? 'PRE' : 'WAITING';
      return placeView(
        d,
        principal,
        sessionId,
        snap.settings,
        { status, position, claimedAtMs: 0, line },
        ticket,
      );
    }
  }
  const out = await d.waitingRoom.status(sessionId, principal.userId, now);
  if (out.kind === 'no-queue') throw new DomainError('NOT_FOUND', 'This session has no waiting room');
  if (out.kind === 'not-in-line') throw new DomainError('NOT_FOUND', 'You are not in this waiting room');
  d.queueGate.remember(sessionId, { settings: snap.settings, line: out.place.line });
  return placeView(d, principal, sessionId, snap.settings, out.place);
}

/** The line as this container knows it; when an admission is due, it admits (a write per slot, not per poll). */
async function currentLine(
  d: RoomDeps,
  sessionId: string,
  snap: QueueSnapshot,
  now: number,
): Promise<LineSnapshot> {
  const { line, settings } = snap;
  if (!settings.enabled || now < line.nextSlotAtMs || line.tail <= line.served) return line;
  const pumped = await d.waitingRoom.pump(sessionId, now);
  if (!pumped) return line;
  d.queueGate.remember(sessionId, { settings, line: pumped });
  return pumped;
}

const admissionRequired = (sessionId: string, reason: string, message: string) =>
  new DomainError('ADMISSION_REQUIRED', message, { reason, queueUrl: queueUrl(sessionId) });

/**
 * The hold and order paths, before any Lua runs: a session whose waiting room is on needs the
 * caller's admission token for it (`x-admission-token`), verified with no I/O. Returns whether
 * the session is gated.
 */
export async function requireAdmission(
  d: Pick<RoomDeps, 'queueGate' | 'admissionTokens' | 'clock'>,
  principal: Pick<Principal, 'userId'>,
  sessionId: string,
  token: string | undefined,
): Promise<boolean> {
  const snap = await d.queueGate.snapshot(sessionId);
  if (!snap?.settings.enabled) return false;
  if (!token) {
    throw admissionRequired(
      sessionId,
      'MISSING',
      'This sale has a waiting room: join it and send x-admission-token',
    );
  }
  const check = await d.admissionTokens.verifyAdmission(token, d.clock.now());
  if (!check.ok) {
    throw admissionRequired(
      sessionId,
      check.reason,
      check.reason === 'EXPIRED'
        ? 'Your admission has expired: join the waiting room again'
        : 'Not an admission token',
    );
  }
  if (check.admission.userId !== principal.userId)
    throw admissionRequired(sessionId, 'OTHER_USER', 'This admission token is someone else’s');
  if (check.admission.sessionId !== sessionId)
    throw admissionRequired(sessionId, 'OTHER_SESSION', 'This admission token is for another session');
  return true;
}

/** An admitted user ordered: their place goes back to the line now. Best effort (else it returns at expiry). */
export async function finishAdmission(
  d: Pick<RoomDeps, 'waitingRoom'>,
  sessionId: string,
  userId: string,
): Promise<void> {
  await d.waitingRoom.finish(sessionId, userId).catch((error: unknown) => {
    logger.warn('could not return a finished admission to the line', { sessionId, error: error as Error });
  });
}

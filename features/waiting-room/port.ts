import type { CaptchaVerifier } from '#features/abuse/index.ts';
import type { Clock } from '#kernel/clock.ts';
import type { AdmissionTokens } from './admission-tokens.ts';
import type { QueueGate } from './queue-gate.ts';

/** A session's waiting-room settings as the session's durable record keeps them. */
export interface SessionQueueRecord {
  enabled: boolean;
  admitPerMinute: number;
  admissionTtlSeconds: number;
  captcha: boolean;
}

/** What the waiting room reads of a session: its sale's opening and its stored settings. */
export interface SessionForWaitingRoom {
  sessionId: string;
  saleOpensAt: string;
  queue?: SessionQueueRecord;
}

/**
 * What the waiting room asks of the sessions' records (the catalogue answers it as it is):
 * a session, and storing its settings (false: there is no such session).
 */
export interface SessionsForWaitingRoom {
  getSession(sessionId: string): Promise<SessionForWaitingRoom | undefined>;
  setSessionQueue(sessionId: string, queue: SessionQueueRecord): Promise<boolean>;
}

/** A session's waiting-room settings (docs/API.md "Virtual waiting room"). */
export interface QueueSettings {
  enabled: boolean;
  admitPerMinute: number;
  admissionTtlSeconds: number;
  captcha: boolean;
  /** The session's sale opening: the pre-queue is shuffled and admission starts then. */
  opensAtMs: number;
  /** How long an offered place waits to be claimed before it goes back to the line. */
  claimWindowMs: number;
}

/** The line as a whole, enough to place anyone with a known position. */
export interface LineSnapshot {
  /** The highest position admitted so far. */
  served: number;
  /** The last position handed out. */
  tail: number;
  /** When the next evenly paced admission is due (ms). */
  nextSlotAtMs: number;
  /** The pre-queue's order is fixed (the sale opened). */
  sealed: boolean;
  /** Totals since the line started: evenly paced admissions, admissions of returned places, places returned. */
  admitted: { paced: number; returned: number };
  returnedPlaces: number;
}

/** PRE: joined before the sale opened, place decided at the opening. */
export type PlaceStatus = 'PRE' | 'WAITING' | 'ADMITTED' | 'EXPIRED';

export interface Place {
  existing: boolean;
  status: PlaceStatus;
  /** 0 in the pre-queue. */
  position: number;
  /** When the admission was claimed (its lifetime starts then); 0 when not admitted. */
  claimedAtMs: number;
  line: LineSnapshot;
}

export type JoinOutcome = { kind: 'placed'; place: Place } | { kind: 'disabled' } | { kind: 'no-queue' };
export type StatusOutcome = { kind: 'placed'; place: Place } | { kind: 'no-queue' } | { kind: 'not-in-line' };

/** Per-session waiting rooms. Production and local: Redis, one hash tag per session's queue. */
export interface WaitingRoom {
  configure(sessionId: string, settings: QueueSettings): Promise<void>;
  /** Settings and the line in one read; undefined when the session has no waiting room. */
  snapshot(sessionId: string): Promise<{ settings: QueueSettings; line: LineSnapshot } | undefined>;
  /** `randomScore` orders the pre-queue: draw it from a cryptographic RNG. */
  join(sessionId: string, userId: string, nowMs: number, randomScore: number): Promise<JoinOutcome>;
  status(sessionId: string, userId: string, nowMs: number): Promise<StatusOutcome>;
  /** Admits whoever is due now; the line after. */
  pump(sessionId: string, nowMs: number): Promise<LineSnapshot | undefined>;
  /** The user finished (ordered): their place goes back to the line. False when already returned. */
  finish(sessionId: string, userId: string): Promise<boolean>;
  /** The session ended: its line and settings leave Redis at `atMs` (none to expire: nothing). */
  expireData(sessionId: string, atMs: number): Promise<void>;
  /** The session sells again: its line's keys are kept. */
  keepData(sessionId: string): Promise<void>;
}

/** What the waiting room runs on: the line in Redis, this container's view of it, signed places and admissions. */
export interface RoomDeps {
  waitingRoom: WaitingRoom;
  queueGate: QueueGate;
  admissionTokens: AdmissionTokens;
  clock: Clock;
}

/** Configuring a session's room: its record, and the cached copies of it to drop. */
export interface ConfigureDeps extends RoomDeps {
  catalogue: SessionsForWaitingRoom;
  catalogueReads: { changed(kind: 'session', id: string): Promise<void> };
}

/** Joining: a captcha first when the session asks for one. */
export interface JoinDeps extends RoomDeps {
  captcha: CaptchaVerifier;
}

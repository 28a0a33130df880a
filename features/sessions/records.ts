import type { SessionQueueRecord } from '#features/waiting-room/index.ts';
import type { SessionLayout, Tier } from '#kernel/session-layout.ts';
import type { SessionStatus } from './session-status.ts';

/*
 * The sessions feature's records: categories, programs, sessions (their layout document, no
 * item per seat), a session's durable seat states, and the store they are kept in
 * (DynamoDbCatalogueRecords, dynamodb-catalogue.ts).
 */

export interface Category {
  categoryId: string;
  name: string;
  parentId: string | null;
}

export interface SessionRecord {
  sessionId: string;
  programId: string;
  startsAt: string;
  saleOpensAt: string;
  /** When new holds stop; absent on sessions created before it existed: `startsAt`. */
  saleClosesAt?: string;
  status: SessionStatus;
  layout: SessionLayout;
  queue?: SessionQueueRecord;
  /** Set when the organiser cancelled it (status CANCELLING, then CANCELLED). */
  cancellation?: SessionCancellation;
}

export interface SessionCancellation {
  reason: string;
  requestedAt: string;
  /** When the cancel job found nothing left to do (status CANCELLED). */
  finishedAt?: string;
}

export interface ProgramRecord {
  programId: string;
  title: string;
  actor: string;
  city: string;
  venue: string;
  categoryId: string;
  description?: string;
  createdAt: string;
  sessions: {
    sessionId: string;
    startsAt: string;
    saleOpensAt: string;
    saleClosesAt?: string;
    tiers: Tier[];
  }[];
}

export interface SeatStateRecord {
  seatId: string;
  status: 'HELD' | 'SOLD';
  holdId: string;
  /** The order that holds or bought the seat (a rebuild restores an unpaid order's hold). */
  orderNumber?: string;
  /** The buyer's id hash, so a rebuild restores ONE_PER_ID. */
  idHash?: string;
}

export interface CatalogueRecords {
  putCategories(categories: Category[]): Promise<void>;
  listCategories(): Promise<Category[]>;
  /** Writes the program and all its sessions in one transaction. */
  createProgram(program: ProgramRecord, sessions: SessionRecord[]): Promise<void>;
  getProgram(programId: string): Promise<ProgramRecord | undefined>;
  getSession(sessionId: string): Promise<SessionRecord | undefined>;
  /**
   * Opens or closes the sale: one write conditional on the move's `from` statuses; false when
   * the session is in none of them (cancelled meanwhile) or does not exist.
   */
  moveSession(sessionId: string, move: 'open' | 'close'): Promise<boolean>;
  /**
   * `beginCancel` with its reason (one conditional write). False when it was already
   * cancelling or cancelled (the first reason stands).
   */
  beginCancellation(sessionId: string, reason: string, atIso: string): Promise<boolean>;
  /** `finishCancel`; false when it was not cancelling. */
  finishCancellation(sessionId: string, atIso: string): Promise<boolean>;
  /** Replaces a program's record (an organiser's edit); false when there is no such program. */
  putProgram(program: ProgramRecord): Promise<boolean>;
  /** Replaces a session's record and its program's record together (an edit of its times or prices). */
  putSessionAndProgram(session: SessionRecord, program: ProgramRecord): Promise<void>;
  /** Stores the waiting-room settings; false when there is no such session. */
  setSessionQueue(sessionId: string, queue: SessionQueueRecord): Promise<boolean>;
  /** The durable seat states of a session (only held or sold seats have an item). */
  seatStates(sessionId: string): Promise<SeatStateRecord[]>;
}

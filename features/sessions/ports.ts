import type { QueueGate, WaitingRoom } from '#features/waiting-room/index.ts';
import type { Clock } from '#kernel/clock.ts';
import type { OrderStatus } from '#kernel/order-statuses.ts';
import type { SessionGeometry, SessionLayout } from '#kernel/session-layout.ts';
import type { CatalogueReads } from './catalogue-reads.ts';
import type { CatalogueRecords, ProgramRecord, SessionRecord } from './records.ts';

/*
 * What the sessions feature runs on: its own stores (the catalogue's records, the shared
 * cache of its reads, the Bloom filter of its ids) and what it asks of the rest of the
 * product — the seat inventory in Redis, the orders, the listings — each as narrow as its
 * use. The product's container answers them (shared/app/sessions-adapters.ts where an
 * adapter is needed; the inventory as it is).
 */

/** Catalogue records read through the shared cache (program detail, session data). */
export type CachedKind = 'program' | 'session' | 'listings';
/** The kinds with a record copy (the listings have a version stamp only). */
export type RecordKind = Exclude<CachedKind, 'listings'>;

/** A record's shared copy and the version stamp it was read at (`null`: known not to exist). */
export interface CachedCopy<T> {
  version: number;
  record: T | null;
}

/**
 * The shared level of the catalogue's read path (Redis): per record a version stamp that
 * every organiser change bumps, the last copy read from DynamoDB tagged with the stamp it was
 * read at, and a rebuild lock so that one container in all of them reads DynamoDB.
 */
export interface CatalogueCache {
  /** The record's version stamp (0 until its first change). */
  version(kind: CachedKind, id: string): Promise<number>;
  copy<T>(kind: CachedKind, id: string): Promise<CachedCopy<T> | undefined>;
  putCopy<T>(kind: CachedKind, id: string, copy: CachedCopy<T>): Promise<void>;
  /** True for the one caller that may rebuild the copy now (for `ttlMs` at most). */
  lock(kind: CachedKind, id: string, ttlMs: number): Promise<boolean>;
  unlock(kind: CachedKind, id: string): Promise<void>;
  /** After an organiser's change: a new stamp (every container's copy is now old) and the copy dropped. */
  bump(kind: CachedKind, id: string): Promise<void>;
}

/**
 * Which ids exist, as a Bloom filter: "no" is certain, "yes" is probably (about 1 % false
 * positives at capacity). Lets requests for ids that never existed be answered without a
 * database read.
 */
export interface IdFilter {
  add(ids: string[]): Promise<void>;
  mightContain(id: string): Promise<boolean>;
  /** Whether the filter holds every id (it was fully built since Redis last lost it). */
  isComplete(): Promise<boolean>;
  markComplete(): Promise<void>;
  /** One rebuilder at a time across containers. */
  tryLockRebuild(ttlSeconds: number): Promise<boolean>;
}

export interface InventoryCounts {
  byTier: { tierId: string; available: number; held: number; sold: number }[];
}

/** One character per seat: '0' AVAILABLE, '1' HELD, '2' SOLD. */
export type SeatStateCode = '0' | '1' | '2';

export interface SeatOwnership {
  /** One byte per seat: '0' AVAILABLE, '1' HELD, '2' SOLD. */
  states: string;
  /** seatIdx → holdId for held and sold seats. */
  owners: Map<number, string>;
}

export interface SeatRepair {
  seatIdx: number;
  rowIdx: number;
  expected: { state: SeatStateCode; owner: string | undefined };
  to: { state: SeatStateCode; owner: string | undefined };
}

export interface DurableSeat {
  seatIdx: number;
  holdId: string;
  /** The buyer's id hash (ONE_PER_ID sessions). */
  idHash?: string;
}

/** A written order's hold, as the rebuild restores it. */
export interface RestoredHold {
  sessionId: string;
  holdId: string;
  userId: string;
  orderNumber: string;
  seats: { seatIdx: number; rowIdx: number; tierId: string }[];
  totalCents: number;
  buyerIds: string[];
  createdAtMs: number;
  expiresAtMs: number;
  idHashes: string[];
  /** The session limits each user over all its tiers (its layout's perUserLimit). */
  countsSessionWide: boolean;
}

export interface WarmupInput {
  layout: SessionLayout;
  /** Seats held or sold according to the durable record. */
  held: DurableSeat[];
  sold: DurableSeat[];
  /** Rebuild even if the session is already loaded. */
  force: boolean;
  /** The sale status to load with (default ON_SALE; a closed session rebuilt stays CLOSED). */
  status?: 'ON_SALE' | 'CLOSED';
}

/**
 * What sessions ask of the seat inventory (Redis and lua/; the holds' SeatInventory has all
 * of this and the hold path besides): loading a session, its sale window, its counts and
 * seat map, reconcile's reads and repairs, and its data's lifetime after the show.
 */
export interface InventoryForSessions {
  /** The session's layout and seat geometry (in-process cache, Redis on a miss); undefined when not on sale. */
  geometry(sessionId: string): Promise<SessionGeometry | undefined>;
  /** Returns false when the session was already loaded and force was not set. */
  warmup(input: WarmupInput): Promise<boolean>;
  /**
   * An organiser's change to a loaded session's sale: its status (close, reopen) or window
   * (ms). False when the session is not loaded (its next load reads them from DynamoDB).
   */
  setSaleWindow(
    sessionId: string,
    change: { status?: 'ON_SALE' | 'CLOSED' | 'CANCELLED'; saleOpensAtMs?: number; saleClosesAtMs?: number },
  ): Promise<boolean>;
  /** After a rebuild: the hold record of a written, unpaid order, back in Redis (no-op if present). */
  restoreOrderHold(hold: RestoredHold): Promise<boolean>;
  /** One byte per seat in layout order: '0' AVAILABLE, '1' HELD, '2' SOLD; undefined when not loaded. */
  seatStates(sessionId: string): Promise<string | undefined>;
  /** States and the owning hold of each held/sold seat, read together; undefined when not loaded. */
  seatOwners(sessionId: string): Promise<SeatOwnership | undefined>;
  /** The status of each hold record Redis still has (absent: no record). */
  holdStatuses(sessionId: string, holdIds: string[]): Promise<Map<string, string>>;
  /** Reconcile repair: compare-and-set each seat to its durable state. */
  repairSeats(sessionId: string, changes: SeatRepair[]): Promise<{ repaired: number; skipped: number }>;
  counts(sessionId: string): Promise<InventoryCounts | undefined>;
  openSessions(): Promise<string[]>;
  /**
   * An ended session's data leaves Redis at `atMs` (every key gets that expiry), checked and
   * set at once: false when it is not ended (sold again meanwhile) or not loaded.
   */
  expireEndedSessionData(sessionId: string, nowMs: number, atMs: number): Promise<boolean>;
  /** A session that sells again keeps its data: any expiry set on its keys is removed. */
  keepSessionData(sessionId: string): Promise<void>;
}

/** What sessions ask of the orders (shared/app/sessions-adapters.ts answers it). */
export interface OrdersForSessions {
  /** The session's orders by status (the organiser's stats). */
  countBySession(sessionId: string): Promise<Partial<Record<OrderStatus, number>>>;
  /**
   * A written order's hold as a rebuild restores it, when the order still awaits its payment
   * (undefined otherwise: paid, ended or unknown orders have nothing to restore).
   */
  unpaidHold(
    session: SessionRecord,
    orderNumber: string,
    geometry: SessionGeometry,
  ): Promise<RestoredHold | undefined>;
}

/** What follows a program's change outside this feature (shared/app/sessions-adapters.ts). */
export interface ProgramFollowers {
  /**
   * Lists the program as it is now: its durable listing, the search index and the city
   * picker. Rejects when the search index does not answer (the caller decides what that means).
   */
  list(program: ProgramRecord): Promise<void>;
  /** Its fields or times changed: what other features keep of it per container is dropped. */
  edited(): void;
}

/** The ids the Bloom filter is rebuilt from: every listed program (search's durable listings). */
export interface ListedPrograms {
  listListings(): Promise<{ programId: string }[]>;
}

/** Everything the feature's use cases run on; each takes the part it uses (`Pick`). */
export interface SessionsDeps {
  clock: Clock;
  catalogue: CatalogueRecords;
  /** Program and session reads through this container's LRU and the shared Redis copy (version-stamped). */
  catalogueReads: CatalogueReads;
  /** Program and session ids that exist (Bloom filter): unknown ids cost no DynamoDB read. */
  idFilter: IdFilter;
  inventory: InventoryForSessions;
  sessionOrders: OrdersForSessions;
  programFollowers: ProgramFollowers;
  listings: ListedPrograms;
  waitingRoom: WaitingRoom;
  queueGate: QueueGate;
  config: { sessionDataGraceSeconds: number };
}

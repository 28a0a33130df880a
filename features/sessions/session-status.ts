/**
 * A session's life, in one table: every status, every move between them, and what each
 * status means for buyers and organisers. The DynamoDB adapter builds its conditions from
 * `SESSION_MOVES` (each move is one conditional write, so a close racing a cancel loses
 * cleanly); program detail, the seat map, the session view, search listings, edits, opening
 * and self-healing ask the predicates below instead of keeping their own lists.
 *
 *   SCHEDULED ──open──▶ ON_SALE ──close──▶ CLOSED
 *       │                 │  ▲               │
 *       │                 │  └────open───────┘        (saleClosesAt passed: ON_SALE reads CLOSED)
 *       └──────────beginCancel────────────────┴──▶ CANCELLING ──finishCancel──▶ CANCELLED
 */
export const SESSION_STATUSES = ['SCHEDULED', 'ON_SALE', 'CLOSED', 'CANCELLING', 'CANCELLED'] as const;

export type SessionStatus = (typeof SESSION_STATUSES)[number];

interface Move {
  readonly from: readonly SessionStatus[];
  readonly to: SessionStatus;
}

/** The only moves a session makes; anything else is refused by the write's condition. */
export const SESSION_MOVES = {
  /** Inventory loaded into Redis (or a closed sale reopened). Opening an open session is a no-op. */
  open: { from: ['SCHEDULED', 'ON_SALE', 'CLOSED'], to: 'ON_SALE' },
  /** The organiser stopped new holds; holds and orders already made run out normally. */
  close: { from: ['SCHEDULED', 'ON_SALE', 'CLOSED'], to: 'CLOSED' },
  /** The organiser cancelled the show: the cancel job refunds and releases everything. */
  beginCancel: { from: ['SCHEDULED', 'ON_SALE', 'CLOSED'], to: 'CANCELLING' },
  /** The cancel job found nothing left to do. */
  finishCancel: { from: ['CANCELLING'], to: 'CANCELLED' },
} as const satisfies Record<string, Move>;

export type SessionMove = keyof typeof SESSION_MOVES;

/** What a status means. */
interface Meaning {
  /** Buyers may hold seats (the hold script also checks the sale window's times). */
  readonly sells: boolean;
  /** Buyers see each tier's live remaining seats (Redis counters): only while it sells. */
  readonly showsRemaining: boolean;
  /** The organiser cancelled it: no open, close or edit, off the listings. */
  readonly cancelled: boolean;
  /** Its seats live in Redis: a session whose Redis data vanished is rebuilt from DynamoDB. */
  readonly keepsInventory: boolean;
  /** Tier prices may still change (nobody can have held a seat at the old price). */
  readonly pricesEditable: boolean;
}

const MEANING: Record<SessionStatus, Meaning> = {
  SCHEDULED: {
    sells: false,
    showsRemaining: false,
    cancelled: false,
    keepsInventory: false,
    pricesEditable: true,
  },
  ON_SALE: {
    sells: true,
    showsRemaining: true,
    cancelled: false,
    keepsInventory: true,
    pricesEditable: false,
  },
  CLOSED: {
    sells: false,
    showsRemaining: false,
    cancelled: false,
    keepsInventory: true,
    pricesEditable: false,
  },
  CANCELLING: {
    sells: false,
    showsRemaining: false,
    cancelled: true,
    keepsInventory: false,
    pricesEditable: false,
  },
  CANCELLED: {
    sells: false,
    showsRemaining: false,
    cancelled: true,
    keepsInventory: false,
    pricesEditable: false,
  },
};

export const meaningOf = (status: SessionStatus): Meaning => MEANING[status];

/** The session fields its visible status depends on. */
export interface SessionTimes {
  status: SessionStatus;
  startsAt: string;
  /** Absent on sessions created before it existed: the sale then closes at `startsAt`. */
  saleClosesAt?: string;
}

/** When new holds stop: the session's own time, or its start for sessions made before it existed. */
export const saleClosesAtOf = (s: Pick<SessionTimes, 'saleClosesAt' | 'startsAt'>): string =>
  s.saleClosesAt ?? s.startsAt;

/**
 * The status everyone is shown at `nowMs`: an open sale whose closing time has passed (a show
 * that has started or finished included) reads CLOSED, whatever Redis still holds.
 */
export function visibleStatus(s: SessionTimes, nowMs: number): SessionStatus {
  if (s.status === 'ON_SALE' && nowMs >= Date.parse(saleClosesAtOf(s))) return 'CLOSED';
  return s.status;
}

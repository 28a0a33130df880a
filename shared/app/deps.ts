import type { AbuseConfig, CaptchaVerifier, RateLimiter } from '#features/abuse/index.ts';
import type { HealthProbes } from '#features/health/index.ts';
import type { Notifier, OnceGuard } from '#features/notifications/index.ts';
import type {
  CatalogueReads,
  CatalogueRecords,
  IdFilter,
  OrdersForSessions,
  ProgramFollowers,
} from '#features/sessions/index.ts';
import type {
  BuyerCache,
  BuyerRecords,
  PiiCipher,
  TokenIssuer,
  TokenRevocationList,
  TokenVerifier,
  UserRecords,
} from '#features/users/index.ts';
import type { VoucherRecords } from '#features/vouchers/index.ts';
import type { AdmissionTokens, QueueGate, WaitingRoom } from '#features/waiting-room/index.ts';
import type {
  HoldsForWaitlist,
  SessionsForWaitlist,
  WaitlistQueue,
  WaitlistRecords,
} from '#features/waitlist/index.ts';
import type { Clock } from '#kernel/clock.ts';
import type { EventBus } from '#kernel/events.ts';
import type { SoldOutFlags } from '#shared/booking/sold-out-flags.ts';
import type { HoldExpiryScheduler } from '#shared/ports/hold-expiry-scheduler.ts';
import type { IdempotencyStore } from '#shared/ports/idempotency.ts';
import type { JobQueue } from '#shared/ports/jobs.ts';
import type {
  OrderNumbers,
  OrderQueue,
  OrderReads,
  OrderRecords,
  PendingOrderStore,
} from '#shared/ports/orders.ts';
import type { PaymentProviders, PaymentRecords } from '#shared/ports/payments.ts';
import type { ProgramLimits } from '#shared/ports/program-limits.ts';
import type { ListingRecords } from '#shared/ports/records.ts';
import type { SearchIndex } from '#shared/ports/search-index.ts';
import type { SeatInventory } from '#shared/ports/seat-inventory.ts';
import type { TicketRecords } from '#shared/ports/tickets.ts';
import type { TicketSigner } from '#shared/tickets/ticket-signer.ts';

/** When a session's gates admit: from `opensHoursBefore` its start until `closesHoursAfter` it. */
export interface CheckInWindow {
  opensHoursBefore: number;
  closesHoursAfter: number;
}

/**
 * What the use cases run on. Stores and services are ports (shared/ports), so a use case
 * never knows Redis, DynamoDB or an AWS SDK; the in-process helpers (tokens, ciphers, the
 * sold-out flags, the queue gate) are plain classes with no I/O of their own. Built by
 * `compose` (shared/app/compose.ts: the hot path's `composeCore`, completed) for the local
 * runtime, the tests and the bench, and in Lambda by the containers (core-container.ts,
 * container.ts) from the same two functions.
 */
export interface Deps {
  clock: Clock;
  /** Probes for /health (Redis, DynamoDB). */
  health: HealthProbes;
  inventory: SeatInventory;
  /** Per-program tier limits, reserved beside the hold (the user's slot). */
  programLimits: ProgramLimits;
  users: UserRecords;
  buyers: BuyerRecords;
  catalogue: CatalogueRecords;
  /** Program and session reads through this container's LRU and the shared Redis copy (version-stamped). */
  catalogueReads: CatalogueReads;
  /** Program and session ids that exist (Bloom filter): unknown ids cost no DynamoDB read. */
  idFilter: IdFilter;
  /** What sessions ask of the orders (shared/app/sessions-adapters.ts). */
  sessionOrders: OrdersForSessions;
  /** What follows a program's change: its listing, the order views' show line (shared/app/program-followers.ts). */
  programFollowers: ProgramFollowers;
  /** Search's durable listings and reindex progress (DynamoDB). */
  listings: ListingRecords;
  buyerCache: BuyerCache;
  tokens: TokenVerifier;
  /** Signs access tokens (login only: the private key). */
  tokenIssuer: TokenIssuer;
  revocations: TokenRevocationList;
  pii: PiiCipher;
  scheduler: HoldExpiryScheduler;
  soldOut: SoldOutFlags;
  events: EventBus;
  orders: OrderRecords;
  /** Programs' discount codes and their uses (DynamoDB). */
  vouchers: VoucherRecords;
  idempotency: IdempotencyStore;
  orderQueue: OrderQueue;
  /** Steps of long organiser jobs (a session's cancellation). */
  jobQueue: JobQueue;
  orderNumbers: OrderNumbers;
  pendingOrders: PendingOrderStore;
  payments: PaymentRecords;
  /** The enabled payment channels (Alipay; the sandbox locally or behind a context flag). */
  paymentProviders: PaymentProviders;
  tickets: TicketRecords;
  ticketSigner: TicketSigner;
  /** Program search: OpenSearch in AWS, the embedded index locally. */
  search: SearchIndex;
  /** Answers searches from the DynamoDB listings when `search` fails. */
  searchFallback: SearchIndex;
  waitlist: WaitlistRecords;
  waitlistQueue: WaitlistQueue;
  /** What the waitlist reads of sessions on sale, and asks of holds (shared/app/waitlist-adapters.ts). */
  waitlistSessions: SessionsForWaitlist;
  waitlistHolds: HoldsForWaitlist;
  /** Per-session virtual waiting rooms (Redis), this container's cached view of them, signed admissions. */
  waitingRoom: WaitingRoom;
  queueGate: QueueGate;
  admissionTokens: AdmissionTokens;
  /** Rate limits and attempt counters (Redis). */
  limiter: RateLimiter;
  captcha: CaptchaVerifier;
  /** SMS and email to buyers (SNS/SES in AWS, the outbox locally), once per fact. */
  notifier: Notifier;
  once: OnceGuard;
  config: {
    holdTtlSeconds: number;
    orderMaxAgeSeconds: number;
    sessionDataGraceSeconds: number;
    paymentSecret: () => string;
    abuse: AbuseConfig;
    checkIn: CheckInWindow;
  };
}

/**
 * What the on-sale's hot path runs on: holds, the waiting room, sign-in checks and rate limits,
 * and what a hold may need to heal a vanished session (catalogue, reading orders). Composed
 * alone by shared/app/core-container.ts, so the functions that use only these carry no
 * payment, ticket, voucher, waitlist or search code in their bundles.
 */
export type CoreDeps = HoldPathDeps & Pick<Deps, 'catalogueReads' | 'captcha' | 'listings'>;

/**
 * The part of the hot path a hold, the waiting room's poll and the HTTP middleware use
 * (shared/app/hold-path-container.ts): CoreDeps without the catalogue's cached reads and the
 * captcha, so the hold function's bundle carries neither.
 */
export type HoldPathDeps = Pick<Deps, HoldPathKey> & {
  /** Reads only (a hold restores a vanished session's unpaid orders); `deps()` has the full records. */
  orders: OrderReads;
};

/** The parts of Deps that CoreDeps has as they are (its `orders` is a narrower, read-only view). */
export type CoreKey = HoldPathKey | 'catalogueReads' | 'captcha' | 'listings';

export type HoldPathKey =
  | 'clock'
  | 'health'
  | 'inventory'
  | 'programLimits'
  | 'buyers'
  | 'catalogue'
  | 'idFilter'
  | 'sessionOrders'
  | 'buyerCache'
  | 'tokens'
  | 'revocations'
  | 'pii'
  | 'soldOut'
  | 'waitingRoom'
  | 'queueGate'
  | 'admissionTokens'
  | 'limiter'
  | 'once'
  | 'config'
  | 'scheduler'
  | 'events';

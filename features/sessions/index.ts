/**
 * Sessions (场次): programs, their sessions and seat maps, the organiser's lifecycle of them
 * (create, edit, open, close, stats, reconcile), the session-state table, the catalogue's
 * records and its cached reads, the Bloom filter of the ids that exist, and loading a
 * session's inventory into Redis. What it asks of the seat inventory, the orders and the
 * listings is in ports.ts. The public surface of features/sessions: other code imports this
 * file only (test/architecture/import-rules.test.ts).
 */
export type { CatalogueReads } from './catalogue-reads.ts';
export { composeCatalogue, composeCatalogueReads } from './compose.ts';
export { SESSIONS_JOBS } from './jobs.ts';
export { ensureIdFilter, mightExist, rememberMissing } from './known-ids.ts';
export type {
  IdFilter,
  InventoryCounts,
  InventoryForSessions,
  OrdersForSessions,
  ProgramFollowers,
  RestoredHold,
  SeatOwnership,
  SeatRepair,
  WarmupInput,
} from './ports.ts';
export { createProgram, listCategories, openSession, programChanged, programDetail } from './programs.ts';
export { reconcileSession } from './reconcile.ts';
export type { CatalogueRecords, Category, ProgramRecord, SessionRecord } from './records.ts';
export { REFERENCE_CATEGORIES } from './reference-categories.ts';
export { SESSIONS_ROUTES } from './routes.ts';
export { ListedFields, type ProgramInput } from './schema.ts';
export { seatMap } from './seat-map.ts';
export { expireEndedSessionData, keepSessionData, sessionDataExpiresAt } from './session-data.ts';
export { loadSessionInventory } from './session-inventory.ts';
export { patchProgram } from './session-lifecycle.ts';
export {
  meaningOf,
  SESSION_MOVES,
  SESSION_STATUSES,
  type SessionMove,
  type SessionStatus,
  type SessionTimes,
  saleClosesAtOf,
  visibleStatus,
} from './session-status.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in (its admin routes: Organiser). */
export const SESSIONS_STACK = 'Catalogue';

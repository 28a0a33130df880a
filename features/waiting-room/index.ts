/**
 * The virtual waiting room (排队): a session's line before and during its sale, admitted at the
 * organiser's pace, places and admissions signed so any container can answer, and the check
 * the hold and order paths make. The public surface of features/waiting-room: other code
 * imports this file only (test/architecture/import-rules.test.ts).
 */
export type { AdmissionTokens } from './admission-tokens.ts';
export { composeAdmissionTokens, composeWaitingRoom } from './compose.ts';
export type {
  LineSnapshot,
  QueueSettings,
  RoomDeps,
  SessionForWaitingRoom,
  SessionQueueRecord,
  SessionsForWaitingRoom,
  WaitingRoom,
} from './port.ts';
export type { QueueGate } from './queue-gate.ts';
export { WAITING_ROOM_ROUTES } from './routes.ts';
export {
  CLAIM_WINDOW_MS,
  finishAdmission,
  joinQueue,
  queueStatus,
  requireAdmission,
  restoreQueue,
  waitingPollAfter,
} from './waiting-room.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in (its admin route: Organiser). */
export const WAITING_ROOM_STACK = 'Booking';

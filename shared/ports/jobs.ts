/**
 * The queue that drives long organiser jobs in steps (a session's cancellation, a rebuild of
 * the search index): each message says "carry on with this job"; the work itself is found in
 * DynamoDB and Redis each time, so a lost, repeated or redelivered message never changes the
 * outcome. The messages' schema: shared/queue/job-messages.ts.
 */
export interface JobQueue {
  /**
   * Asks for the next step of `sessionId`'s cancellation, after `delaySeconds` (0–900);
   * `quiet` counts the steps in a row that found nothing to do.
   */
  continueCancellation(sessionId: string, opts?: { delaySeconds?: number; quiet?: number }): Promise<void>;
  /** Asks for the next step of a search reindex, from after the program id `after`. */
  continueReindex(reindexId: string, after?: string): Promise<void>;
}

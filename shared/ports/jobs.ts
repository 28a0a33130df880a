/**
 * The queue that drives long organiser jobs (a session's cancellation) in steps: each message
 * says "carry on with this session"; the work itself is found in DynamoDB and Redis each time,
 * so a lost, repeated or redelivered message never changes the outcome.
 */
export interface JobQueue {
  /**
   * Asks for the next step of `sessionId`'s cancellation, after `delaySeconds` (0–900);
   * `quiet` counts the steps in a row that found nothing to do.
   */
  continueCancellation(sessionId: string, opts?: { delaySeconds?: number; quiet?: number }): Promise<void>;
}

/** The message body on the job queue. */
export interface CancellationStep {
  kind: 'cancel-session';
  sessionId: string;
  quiet: number;
}

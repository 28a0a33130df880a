import * as z from 'zod/mini';

/**
 * The messages of the organiser job queue, as one schema: the queue's sender encodes with it
 * and the consumer (functions/organiser-jobs) decodes with it. Each message says "carry on
 * with this job"; the work itself is found in DynamoDB (and Redis) each time, so a lost,
 * repeated or redelivered message never changes the outcome.
 */
export const CancellationStepSchema = z.object({
  kind: z.literal('cancel-session'),
  sessionId: z.string().check(z.minLength(1)),
  /** Steps in a row that found nothing to do. */
  quiet: z._default(z.int().check(z.minimum(0)), 0),
});

export const ReindexStepSchema = z.object({
  kind: z.literal('reindex-search'),
  reindexId: z.string().check(z.minLength(1)),
  /** The last program id a previous step indexed (absent: from the start). */
  after: z.optional(z.string().check(z.minLength(1))),
});

export const JobStepSchema = z.discriminatedUnion('kind', [CancellationStepSchema, ReindexStepSchema]);

export type CancellationStep = z.infer<typeof CancellationStepSchema>;
export type ReindexStep = z.infer<typeof ReindexStepSchema>;
export type JobStep = z.infer<typeof JobStepSchema>;

export function encodeJobStep(step: JobStep): string {
  return JSON.stringify(JobStepSchema.parse(step));
}

/** Throws on a body that is not a job step (the record goes to the job DLQ). */
export function decodeJobStep(body: string): JobStep {
  return JobStepSchema.parse(JSON.parse(body));
}

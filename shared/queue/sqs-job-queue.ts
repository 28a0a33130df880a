import type { SQSClient } from '@aws-sdk/client-sqs';
import type { JobQueue } from '#shared/ports/jobs.ts';
import { encodeJobStep, type JobStep } from '#shared/queue/job-messages.ts';

/** The organiser job queue on SQS; the endpoint comes from AWS_ENDPOINT_URL_SQS when set. */
export class SqsJobQueue implements JobQueue {
  constructor(
    /** Made on first use (platform/clients/on-first-use.ts): the SDK package loads then. */
    private readonly client: () => Promise<SQSClient>,
    private readonly queueUrl: string,
  ) {}

  continueCancellation(sessionId: string, opts: { delaySeconds?: number; quiet?: number } = {}) {
    return this.send({ kind: 'cancel-session', sessionId, quiet: opts.quiet ?? 0 }, opts.delaySeconds ?? 0);
  }

  continueReindex(reindexId: string, after?: string) {
    return this.send({ kind: 'reindex-search', reindexId, ...(after ? { after } : {}) }, 0);
  }

  private async send(step: JobStep, delaySeconds: number): Promise<void> {
    const [{ SendMessageCommand }, client] = await Promise.all([
      import('@aws-sdk/client-sqs'),
      this.client(),
    ]);
    await client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: encodeJobStep(step),
        DelaySeconds: Math.max(0, Math.min(900, Math.round(delaySeconds))),
      }),
    );
  }
}

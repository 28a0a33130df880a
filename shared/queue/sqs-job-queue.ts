import type { SQSClient } from '@aws-sdk/client-sqs';
import type { CancellationStep, JobQueue } from '#shared/ports/jobs.ts';

/** The organiser job queue on SQS; the endpoint comes from AWS_ENDPOINT_URL_SQS when set. */
export class SqsJobQueue implements JobQueue {
  constructor(
    /** Made on first use (shared/clients/on-first-use.ts): the SDK package loads then. */
    private readonly client: () => Promise<SQSClient>,
    private readonly queueUrl: string,
  ) {}

  async continueCancellation(sessionId: string, opts: { delaySeconds?: number; quiet?: number } = {}) {
    const body: CancellationStep = { kind: 'cancel-session', sessionId, quiet: opts.quiet ?? 0 };
    const delaySeconds = opts.delaySeconds ?? 0;
    const [{ SendMessageCommand }, client] = await Promise.all([
      import('@aws-sdk/client-sqs'),
      this.client(),
    ]);
    await client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: JSON.stringify(body),
        DelaySeconds: Math.max(0, Math.min(900, Math.round(delaySeconds))),
      }),
    );
  }
}

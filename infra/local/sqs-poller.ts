import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined | undefined>;

/**
 * The SQS → Lambda event source, locally: receives batches, calls the consumer handler with
 * an SQS event, and deletes the records it did not report in `batchItemFailures` (all of
 * them stay when the handler throws). Failed records reappear after the visibility timeout
 * and go to the DLQ after maxReceiveCount, as in AWS. Short waits: a long poll of more than
 * one message waits its full time on the local server.
 */
export function startSqsPoller(opts: {
  queueUrl: string;
  queueArn: string;
  handler: SqsHandler;
  context: () => Context;
  batchSize?: number;
  idleMs?: number;
  onError?: (err: unknown) => void;
}): { stop(): Promise<void> } {
  // Bounded like the product's clients: a frozen queue (fault drill) fails a receive, not the loop.
  const sqs = new SQSClient({
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
  });
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const res = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: opts.queueUrl,
            MaxNumberOfMessages: opts.batchSize ?? 10,
            WaitTimeSeconds: 0,
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        const messages = res.Messages ?? [];
        if (messages.length === 0) {
          await new Promise((r) => setTimeout(r, opts.idleMs ?? 50));
          continue;
        }
        const records: SQSRecord[] = messages.map((m) => ({
          messageId: m.MessageId ?? '',
          receiptHandle: m.ReceiptHandle ?? '',
          body: m.Body ?? '',
          attributes: {
            ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
            SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
            SenderId: m.Attributes?.SenderId ?? 'local',
            ApproximateFirstReceiveTimestamp:
              m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
          },
          messageAttributes: Object.fromEntries(
            Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
              k,
              {
                stringValue: v.StringValue,
                dataType: v.DataType ?? 'String',
                stringListValues: [],
                binaryListValues: [],
              },
            ]),
          ),
          md5OfBody: m.MD5OfBody ?? '',
          eventSource: 'aws:sqs',
          eventSourceARN: opts.queueArn,
          awsRegion: process.env.AWS_REGION ?? 'us-east-1',
        }));
        let failed: Set<string>;
        try {
          const result = await opts.handler({ Records: records }, opts.context());
          failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        } catch (err) {
          opts.onError?.(err);
          failed = new Set(records.map((r) => r.messageId));
        }
        const done = records.filter((r) => !failed.has(r.messageId));
        if (done.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: opts.queueUrl,
              Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
            }),
          );
        }
      } catch (err) {
        if (running) opts.onError?.(err);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      sqs.destroy();
    },
  };
}

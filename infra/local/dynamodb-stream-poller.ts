import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined>;

/**
 * The DynamoDB Streams → Lambda event source, locally, on DynamoDB Local's own stream: reads
 * every shard from its start, keeps the records the event source's filter would keep
 * (`keep`), and calls the handler with them in order. As in AWS with partial batch responses:
 * when the handler reports a failed record (or throws), the batch is delivered again from that
 * record after a backoff, and nothing after it is delivered before it succeeds.
 */
export function startStreamPoller(opts: {
  endpoint: string;
  table: string;
  handler: StreamHandler;
  context: () => Context;
  keep: (r: StreamRecord) => boolean;
  batchSize?: number;
  idleMs?: number;
  onError?: (err: unknown) => void;
}): { stop(): Promise<void> } {
  const config = {
    endpoint: opts.endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
  };
  const db = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  const idle = opts.idleMs ?? 100;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let running = true;
  /** Where each shard is read from next (its iterator), and records taken but not yet delivered. */
  const iterators = new Map<string, string | undefined>();
  const pending = new Map<string, StreamRecord[]>();

  const loop = (async () => {
    let backoff = 1_000;
    while (running) {
      try {
        const arn = (await db.send(new DescribeTableCommand({ TableName: opts.table }))).Table
          ?.LatestStreamArn;
        if (!arn) throw new Error(`table ${opts.table} has no stream`);
        const shards =
          (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards ?? [];
        let busy = false;
        for (const shard of shards) {
          const id = shard.ShardId!;
          if (!iterators.has(id)) {
            const it = await streams.send(
              new GetShardIteratorCommand({ StreamArn: arn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON' }),
            );
            iterators.set(id, it.ShardIterator);
          }
          let records = pending.get(id) ?? [];
          const iterator = iterators.get(id);
          if (records.length === 0 && iterator) {
            const res = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1_000 }));
            iterators.set(id, res.NextShardIterator);
            records = (res.Records ?? []).filter(opts.keep);
          }
          for (let i = 0; i < records.length && running; ) {
            busy = true;
            const batch = records.slice(i, i + (opts.batchSize ?? 100));
            let failedAt = -1;
            try {
              const result = await opts.handler(
                { Records: batch as DynamoDBStreamEvent['Records'] },
                opts.context(),
              );
              const first = result?.batchItemFailures?.[0]?.itemIdentifier;
              if (first !== undefined)
                failedAt = Math.max(
                  0,
                  batch.findIndex((r) => r.dynamodb?.SequenceNumber === first),
                );
            } catch (err) {
              opts.onError?.(err);
              failedAt = 0;
            }
            if (failedAt >= 0) {
              // Delivered again from the failed record, after a backoff (1 s, doubling, at most 30 s).
              pending.set(id, records.slice(i + failedAt));
              await sleep(backoff);
              backoff = Math.min(30_000, backoff * 2);
              records = [];
              break;
            }
            backoff = 1_000;
            i += batch.length;
            if (i >= records.length) pending.delete(id);
          }
        }
        if (!busy) await sleep(idle);
      } catch (err) {
        opts.onError?.(err);
        await sleep(1_000);
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      db.destroy();
      streams.destroy();
    },
  };
}

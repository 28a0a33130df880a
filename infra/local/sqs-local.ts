import type { AddressInfo } from 'node:net';
import { createSqsServer } from 'local-aws-sqs';

export const ORDER_QUEUE = 'orders';
export const ORDER_DLQ = 'orders-dlq';
export const MAX_RECEIVE_COUNT = 5;
const ACCOUNT = '123456789012';
export const queueArn = (name: string): string => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
/** A queue's URL on the local server at `serverUrl`. */
export const queueUrl = (serverUrl: string, name: string): string => `${serverUrl}/${ACCOUNT}/${name}`;

/** The local SQS server (JSON protocol of @aws-sdk/client-sqs) with the order queue and its DLQ. */
export async function startSqsLocal(
  visibilityTimeoutSeconds = 5,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server = await createSqsServer({
    port: 0,
    hostname: '127.0.0.1',
    emulateQueueCreationLifecycle: false,
    queues: [
      { QueueName: ORDER_DLQ },
      {
        QueueName: ORDER_QUEUE,
        Attributes: {
          // Locally short, so a failed record is retried within seconds (AWS: ≥ 6 × the function timeout).
          VisibilityTimeout: visibilityTimeoutSeconds,
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: queueArn(ORDER_DLQ),
            maxReceiveCount: MAX_RECEIVE_COUNT,
          }),
        },
      },
    ],
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

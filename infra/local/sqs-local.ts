import type { AddressInfo } from 'node:net';
import { createSqsServer } from 'local-aws-sqs';

export const ORDER_QUEUE = 'orders';
export const ORDER_DLQ = 'orders-dlq';

/** The local SQS server (JSON protocol of @aws-sdk/client-sqs) with the order queue and its DLQ. */
export async function startSqsLocal(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = await createSqsServer({
    port: 0,
    hostname: '127.0.0.1',
    emulateQueueCreationLifecycle: false,
    queues: [
      { QueueName: ORDER_DLQ },
      {
        QueueName: ORDER_QUEUE,
        Attributes: {
          VisibilityTimeout: '30',
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: `arn:aws:sqs:us-east-1:123456789012:${ORDER_DLQ}`,
            maxReceiveCount: 5,
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

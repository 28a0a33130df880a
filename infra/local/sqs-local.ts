import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';
import { type ChildServer, stopChild } from './redis-server.ts';

export const ORDER_QUEUE = 'orders';
export const ORDER_DLQ = 'orders-dlq';
export const MAX_RECEIVE_COUNT = 5;
/** The organiser job queue (a session's cancellation, one step per message). */
export const JOB_QUEUE = 'jobs';
export const JOB_DLQ = 'jobs-dlq';
const ACCOUNT = '123456789012';
export const queueArn = (name: string): string => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
/** A queue's URL on the local server at `serverUrl`. */
export const queueUrl = (serverUrl: string, name: string): string => `${serverUrl}/${ACCOUNT}/${name}`;

/**
 * The local SQS server (JSON protocol of @aws-sdk/client-sqs) with the order and job queues and their DLQs,
 * in a child process (sqs-server-process.mjs) like redis-server and DynamoDB Local, so that a
 * drill can stop and resume it.
 */
export async function startSqsLocal(visibilityTimeoutSeconds = 5): Promise<ChildServer> {
  const queues = [
    { QueueName: JOB_DLQ },
    {
      QueueName: JOB_QUEUE,
      Attributes: {
        // A step that crashed comes back within seconds locally (AWS: 6 minutes).
        VisibilityTimeout: Math.max(visibilityTimeoutSeconds, 5),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArn(JOB_DLQ), maxReceiveCount: 10 }),
      },
    },
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
  ];
  const port = await freePort();
  const script = fileURLToPath(new URL('./sqs-server-process.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, String(port), JSON.stringify(queues)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`local SQS server not ready in 30 s: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('SQS_READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local SQS server exited with ${code}: ${out}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, port, stop: () => stopChild(child) };
}

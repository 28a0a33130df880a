/**
 * `holdColdStartMs`: a fresh Node process imports the hold function's built bundle and answers
 * its first request against the local stack (Redis, DynamoDB Local), as a Lambda container
 * does at the second a sale opens. EventBridge Scheduler and EventBridge have no local server:
 * a stub answers them (the SDK's request and response handling still runs, only AWS's side is
 * stood in), through the SDK's own AWS_ENDPOINT_URL_* settings.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const run = promisify(execFile);

/** Answers every AWS JSON call with a success shape (CreateSchedule, PutEvents). */
async function awsStub(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(
        JSON.stringify({
          ScheduleArn: 'arn:aws:scheduler:us-east-1:000000000000:schedule/bench/x',
          FailedEntryCount: 0,
          Entries: [{ EventId: 'bench' }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const CHILD = `
const event = JSON.parse(process.env.COLD_EVENT);
const started = performance.now();
const { handler } = await import(process.env.COLD_BUNDLE);
const imported = performance.now();
const res = await handler(event, { functionName: 'holds-create', awsRequestId: 'cold', getRemainingTimeInMillis: () => 10000 });
const answered = performance.now();
process.stdout.write(JSON.stringify({ bootMs: started, importMs: imported - started, firstRequestMs: answered - imported, totalMs: answered, status: res.statusCode, body: res.statusCode === 201 ? undefined : res.body }));
process.exit(0);
`;

export interface ColdStart {
  /** From process start to the first answer (Node boot + import + first request). */
  totalMs: number;
  bootMs: number;
  importMs: number;
  firstRequestMs: number;
  status: number;
  body?: string;
}

/** Starts `events.length` fresh processes one after another, one event each. */
export async function measureColdStarts(
  bundleFile: string,
  bundleDir: string,
  events: APIGatewayProxyEventV2[],
): Promise<ColdStart[]> {
  const stub = await awsStub();
  const childFile = join(bundleDir, 'cold-start-child.mjs');
  writeFileSync(childFile, CHILD);
  try {
    const results: ColdStart[] = [];
    for (const event of events) {
      const { stdout } = await run(process.execPath, [childFile], {
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          COLD_BUNDLE: bundleFile,
          COLD_EVENT: JSON.stringify(event),
          AWS_ENDPOINT_URL_SCHEDULER: stub.url,
          AWS_ENDPOINT_URL_EVENTBRIDGE: stub.url,
          SCHEDULER_GROUP: 'bench',
          EVENT_BUS_NAME: 'bench',
          RELEASE_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:hold-release',
          SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/bench',
          POWERTOOLS_LOG_LEVEL: 'ERROR',
          // As Lambda sets it: the hold primes its first request's setup during init (prime.ts),
          // so `importMs` is init (module and priming) and `firstRequestMs` the handler alone.
          AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        },
        timeout: 60_000,
      });
      results.push(JSON.parse(stdout) as ColdStart);
    }
    return results;
  } finally {
    await stub.close();
  }
}

/** Milliseconds fresh Node processes take to import a bundle (no request), one after another. */
export async function measureImports(bundleFile: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const t = performance.now(); await import(${JSON.stringify(bundleFile)}); process.stdout.write(String(performance.now() - t)); process.exit(0);`,
      ],
      { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000 },
    );
    times.push(Number(stdout));
  }
  return times;
}

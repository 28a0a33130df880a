// The local SQS server (local-aws-sqs) as a process of its own, so the fault drills can stop
// and resume it (SIGSTOP/SIGCONT) as an unreachable SQS endpoint, with its messages kept, as
// AWS keeps them. Started by sqs-local.ts; arguments: port, queues as JSON.
import { createSqsServer } from 'local-aws-sqs';

const [port, queues] = process.argv.slice(2);
const server = await createSqsServer({
  port: Number(port),
  hostname: '127.0.0.1',
  emulateQueueCreationLifecycle: false,
  queues: JSON.parse(queues),
});
process.stdout.write(`SQS_READY ${server.address().port}\n`);
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

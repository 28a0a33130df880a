import { STAFF } from './demo-data.ts';
import { optionsFromEnv, startLocalRuntime } from './runtime.ts';

/** `npm start`: the product on this machine, with demo data, until Ctrl-C. */
const started = Date.now();
const opts = optionsFromEnv();
const runtime = await startLocalRuntime(opts);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const lines = [
  '',
  `Ticketing backend running locally (ready in ${seconds} s)`,
  `  Web app:    ${runtime.url}/   (buyers; /admin for the organiser, /gate for staff)`,
  `  API:        ${runtime.url}/v1   (health: ${runtime.url}/health)`,
  `  Admin:      ${opts.adminEmail} / ${opts.adminPassword}`,
  `  Staff:      ${STAFF.email} / ${STAFF.password} (ticket check-in)`,
  ...(opts.demoData ? ['  Demo user:  mobile 13800000000 / demo-password (two ticket buyers)'] : []),
  `  Payments:   sandbox (callback secret ${opts.paymentProviderSecret}); Alipay: ${runtime.alipayUrl}`,
  '              (the stand-in: open a payUrl, press 付款; docs/LOCAL.md has its lose/repeat switches)',
  `  Hold TTL:   ${opts.holdTtlSeconds} s`,
  `  Docs:       docs/API.md (HTTP contract), docs/LOCAL.md (this runtime), docs/ARCHITECTURE.md`,
  ...runtime.demo.sessions.map(
    (s) =>
      `  Session ${s.sessionId} ${s.open ? 'ON_SALE  ' : 'SCHEDULED'} ${String(s.seats).padStart(6)} seats  ${s.title}`,
  ),
  `  Redis: ${runtime.redisUrl}   DynamoDB Local: ${runtime.dynamoDbUrl}   SQS: ${runtime.sqsUrl}`,
  'Press Ctrl-C to stop.',
  `READY ${runtime.url} ${runtime.redisUrl}`,
];
console.log(lines.join('\n'));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping redis-server, DynamoDB Local and the API...`);
    runtime.stop().then(() => process.exit(0));
  });
}

/**
 * A session's cancel job in a process of its own, so a test can kill it (SIGKILL) mid-way and
 * start another: the product's container (shared/app/container.ts, as in Lambda) on the
 * servers the environment names, running `cancellationStep` the way the job queue's chain
 * does (the next step after the delay it asks for). Domain events go to a Redis list the test
 * reads. Usage: node --import tsx test/support/cancel-worker.ts <sessionId> <budgetMs>
 */
const [sessionId, budget] = process.argv.slice(2);
if (!sessionId) throw new Error('usage: cancel-worker.ts <sessionId> <budgetMs>');
const { deps, overrideDeps } = await import('#shared/app/container.ts');
const { redis } = await import('#platform/clients/redis.ts');
const { cancellationStep } = await import('#shared/orders/session-cancel.ts');
overrideDeps({
  events: {
    publish: async (events) => {
      for (const e of events) await redis().rpush(`cancel-events:${sessionId}`, JSON.stringify(e));
    },
  },
  scheduler: { schedule: async () => undefined, cancel: async () => undefined },
  jobQueue: { continueCancellation: async () => undefined, continueReindex: async () => undefined },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let quiet = 0;
for (;;) {
  const out = await cancellationStep(deps(), sessionId, { quiet, budgetMs: Number(budget ?? 1000) });
  process.stdout.write(`STEP ${JSON.stringify(out)}\n`);
  if (out.kind === 'continue') {
    quiet = out.quiet;
    await sleep(Math.min(out.delaySeconds * 1000, 300));
  } else if (out.kind === 'busy') {
    await sleep(250);
  } else {
    break;
  }
}
process.stdout.write('DONE\n');
process.exit(0);

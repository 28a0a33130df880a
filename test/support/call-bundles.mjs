// Loads Lambda bundles with Node's own ESM loader, as the Lambda runtime does, and calls each
// handler once. Input (stdin): [{name, file, event, env? (null deletes a variable)}]; output (stdout, last line): the
// results as JSON [{name, result} | {name, error}]. Run by test/infra/stateless-stack.test.ts.
import { pathToFileURL } from 'node:url';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const calls = JSON.parse(input);
const results = [];
for (const call of calls) {
  const saved = {};
  for (const [k, v] of Object.entries(call.env ?? {})) {
    saved[k] = process.env[k];
    // null: the variable is absent for this function (a secret its role cannot read).
    if (v === null) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const mod = await import(pathToFileURL(call.file).href);
    const context = {
      awsRequestId: 'bundle-test',
      functionName: call.name,
      getRemainingTimeInMillis: () => 10_000,
    };
    results.push({ name: call.name, result: await mod.handler(call.event, context) });
  } catch (error) {
    results.push({ name: call.name, error: String(error?.stack ?? error) });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
process.stdout.write(`\n${JSON.stringify(results)}\n`);
process.exit(0);

import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { generateAccessTokenKey } from '#platform/settings/key-material.ts';
import { buildFunctionBundle, type FunctionBundle } from '../../infra/local/function-bundle.ts';
import { startRedisServer } from '../../infra/local/redis-server.ts';

/**
 * What a function ships: built as `cdk deploy` builds it (infra/constructs/bundling.ts). At the
 * second a sale opens thousands of hold containers start cold at once, and the bundle is what
 * each of them loads first.
 */
const built: FunctionBundle[] = [];
afterAll(() => {
  for (const b of built) b.remove();
});
const bundle = async (name: Parameters<typeof buildFunctionBundle>[0]) => {
  const b = await buildFunctionBundle(name);
  built.push(b);
  return b;
};
const packagesIn = (b: FunctionBundle) =>
  new Set(
    Object.keys(Object.values(b.metafile.outputs)[0]!.inputs).flatMap(
      (f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1] ?? [],
    ),
  );

describe('function bundles', () => {
  it('keep the hold function small: no search client, no payment SDK, one zod locale', async () => {
    const hold = await bundle('holds-create');
    const packages = packagesIn(hold);
    expect(packages.has('@opensearch-project/opensearch')).toBe(false);
    expect(packages.has('minisearch')).toBe(false);
    expect(packages.has('alipay-sdk')).toBe(false);
    expect(packages.has('qrcode')).toBe(false);
    // `import { z }` kept all of zod's ~40 locales (450 KB); zod-messages.ts configures English only.
    const locales = Object.keys(Object.values(hold.metafile.outputs)[0]!.inputs)
      .filter((f) => f.includes('/locales/'))
      .map((f) => f.slice(f.lastIndexOf('node_modules/')));
    expect(locales).toEqual(['node_modules/zod/v4/locales/en.js']);
    const inputs = Object.keys(Object.values(hold.metafile.outputs)[0]!.inputs);
    // zod/mini, not zod's classic build (~100 KB of methods on every schema).
    expect(packages.has('zod')).toBe(true);
    expect(inputs.some((f) => f.includes('/zod/v4/classic/'))).toBe(false);
    // The route's definition, not the API's documentation and response schemas (tools only).
    expect(inputs).toContain('features/holds/routes.ts');
    expect(inputs.filter((f) => /routes\.docs\.ts|api\/responses/.test(f))).toEqual([]);
    // The hold path's composition (hold-path-container.ts): no order-taking, payment, ticket,
    // voucher, waitlist, user-account or search code rides along with a hold, nor the rest of
    // the hot path's (the catalogue's cached reads, the captcha), nor the order-writing adapter.
    expect(inputs.filter((f) => f.startsWith('shared/app/')).sort()).toEqual([
      'shared/app/compose-hold-path.ts',
      'shared/app/hold-path-container.ts',
      'shared/app/http-handler.ts',
      'shared/app/prime.ts',
      'shared/app/route-handler.ts',
      // what a rebuild asks of the orders (their reads: unpaid orders' holds restored)
      'shared/app/sessions-adapters.ts',
    ]);
    expect(
      inputs.filter((f) =>
        /catalogue-reads|redis-catalogue-cache|altcha|records\/dynamodb-orders\.ts|records\/dynamodb-listings\.ts|program-followers|features\/sessions\/(programs|seat-map|session-lifecycle|schema|routes)\.ts/.test(
          f,
        ),
      ),
    ).toEqual([]);
    expect(packages.has('lru-cache')).toBe(false);
    expect(
      inputs.filter((f) =>
        /^shared\/(payments|tickets|search|waitlist|queue)\/|^shared\/orders\/(order-number|pending-orders|order-show)|dynamodb-(payments|tickets|waitlist|user-records|idempotency)/.test(
          f,
        ),
      ),
    ).toEqual([]);
    // `debug` (ioredis's internal logging) is the shim, without its colour detection and `ms`.
    for (const pkg of ['debug', 'supports-color', 'ms', 'has-flag'])
      expect(packages.has(pkg), pkg).toBe(false);
    expect(inputs).toContain('infra/constructs/shims/debug.cjs');
    // Its own route and schemas only (each route is its own pure defineRoute call;
    // schemas.ts builds each schema in a call esbuild may drop): no other route's path, no
    // other route's messages.
    const text = readFileSync(hold.file, 'utf8');
    expect([...new Set(text.match(/"\/v1\/[^"]*"/g))]).toEqual(['"/v1/sessions/{sessionId}/holds"']);
    expect(text).not.toContain('a mainland China mobile number');
    // Was 1,127 KB (every function carried the whole composition), 481 KB before zod/mini, a
    // lazy MiniSearch and the route table split, 379 KB before the hot path's own composition,
    // the debug shim and per-route schemas, 323 KB before quick-lru and the hold path's own
    // composition (PERFORMANCE.md). The goal was 300 KB.
    expect(hold.bytes).toBeLessThan(300_000);
  });

  it("carry a feature route's own code and schemas only: not its other routes, no documentation", async () => {
    const hold = built[0] ?? (await bundle('holds-create'));
    const bytesFrom = (b: FunctionBundle, prefix: string) =>
      Object.entries(Object.values(b.metafile.outputs)[0]!.inputs)
        .filter(([f]) => f.startsWith(prefix))
        .reduce((sum, [, i]) => sum + i.bytesInOutput, 0);
    // The order schemas name the voucher code's format; nothing else of vouchers reaches a hold.
    expect(bytesFrom(hold, 'features/vouchers/')).toBe(0);
    const list = await bundle('admin-vouchers-list');
    const text = readFileSync(list.file, 'utf8');
    expect(text).toContain('/v1/admin/programs/{programId}/vouchers');
    // The create route's body schema and use case are the feature's other route: not here.
    expect(text).not.toContain('a PERCENT voucher takes 1');
    expect(text).not.toContain('The program already has this code');
    // Nor any route's documentation.
    expect(text).not.toContain("The program's vouchers with their uses");
    expect(Object.keys(Object.values(list.metafile.outputs)[0]!.inputs)).not.toContain(
      'features/vouchers/routes.docs.ts',
    );
  });

  it('load the SDK clients a function does not call at once on first use, not with the function', async () => {
    const hold = built[0] ?? (await bundle('holds-create'));
    const poll = await bundle('queue-status');
    // A static import loads the package at the cold start; a dynamic one when first sent.
    const staticImport = (pkg: string) => new RegExp(`(from\\s*|import\\s*)["']${pkg}["']`);
    const lazy = [
      '@aws-sdk/client-sqs',
      '@aws-sdk/client-sns',
      '@aws-sdk/client-sesv2',
      '@aws-sdk/client-eventbridge',
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/lib-dynamodb',
      // Secrets come through the Parameters and Secrets extension; the SDK only as its fallback.
      '@aws-sdk/client-secrets-manager',
    ];
    const holdText = readFileSync(hold.file, 'utf8');
    for (const pkg of lazy) expect(holdText, pkg).not.toMatch(staticImport(pkg));
    // The client every hold uses at once is loaded at init (no first-request delay for it).
    expect(holdText).toMatch(staticImport('@aws-sdk/client-scheduler'));
    // The waiting room's poll calls no AWS service: no SDK package loads with it.
    const pollText = readFileSync(poll.file, 'utf8');
    for (const pkg of [...lazy, '@aws-sdk/client-scheduler'])
      expect(pollText, pkg).not.toMatch(staticImport(pkg));
  });

  it('bundle the search client only into the functions that search', async () => {
    const search = await bundle('programs-search');
    expect(packagesIn(search).has('@opensearch-project/opensearch')).toBe(true);
    // The listing fallback's embedded index (OpenSearch down): only where searches are answered.
    expect(packagesIn(search).has('minisearch')).toBe(true);
  });

  it('load in a fresh Node process: every module left external is really optional at load time', async () => {
    const hold = built[0] ?? (await bundle('holds-create'));
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(hold.file)}); console.log(typeof m.handler);`,
      ],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    expect(out.trim()).toBe('function');
  });

  it.each(['holds-create', 'orders-get'] as const)(
    'prime the hot path at init in Lambda (%s): the Redis connection is open before the first request',
    async (name) => {
      const hold = name === 'holds-create' ? (built[0] ?? (await bundle(name))) : await bundle(name);
      const server = await startRedisServer();
      onTestFinished(() => server.stop());
      const probe = new Redis(server.url);
      onTestFinished(() => probe.quit().then(() => undefined));
      const connected = async () => Number(/connected_clients:(\d+)/.exec(await probe.info('clients'))?.[1]);
      /** Imports the bundle in a fresh Node process; resolves when the import is done, with how long it took. */
      const importBundle = (env: NodeJS.ProcessEnv) =>
        new Promise<{ ms: number; done: () => void }>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              '--input-type=module',
              '-e',
              `const t = performance.now(); const m = await import(${JSON.stringify(hold.file)}); if (typeof m.handler !== 'function') process.exit(2); process.stdout.write(String(performance.now() - t) + '\\n'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));`,
            ],
            {
              env: {
                ...process.env,
                NODE_OPTIONS: '',
                TABLE_NAME: 'ticketing',
                AWS_REGION: 'us-east-1',
                TOKEN_PUBLIC_KEY: generateAccessTokenKey().publicKey,
                POWERTOOLS_LOG_LEVEL: 'ERROR',
                ...env,
              },
            },
          );
          child.once('exit', (code) => reject(new Error(`bundle exited with ${code}`)));
          child.stdout.once('data', (chunk: Buffer) =>
            resolve({ ms: Number(chunk.toString()), done: () => child.stdin.end() }),
          );
        });
      const before = await connected();
      // Outside Lambda (tests, the local runtime): importing connects nothing.
      const plain = await importBundle({ REDIS_URL: server.url });
      expect(await connected()).toBe(before);
      plain.done();
      // In Lambda: init reads the secrets, composes the container and opens the Redis connection.
      const primed = await importBundle({
        REDIS_URL: server.url,
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      });
      expect(await connected()).toBe(before + 1);
      primed.done();
      // A Redis that does not answer never fails or stalls init: the first request deals with it.
      const dead = await importBundle({
        REDIS_URL: 'redis://127.0.0.1:1',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      });
      expect(dead.ms).toBeLessThan(5_000);
      dead.done();
    },
  );
});

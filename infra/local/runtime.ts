import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import {
  generateAccessTokenKey,
  generateEd25519,
  generatePiiKey,
  publicKeyOfPrivate,
} from '#platform/settings/key-material.ts';
import type { SandboxPaymentProvider } from '#shared/payments/sandbox-provider.ts';
import { ROUTES } from '../../app/registry.ts';
import { DEFAULT_HOLD_TTL_SECONDS } from '../../shared/booking/hold-policy.ts';
import { type AlipayStandIn, startAlipayStandIn } from './alipay-stand-in.ts';
import type { ApiHandler } from './api-gateway.ts';
import { lambdaContext, startApiGateway } from './api-gateway.ts';
import { contractViolation } from './contract-check.ts';
import { DEMO_USER, demoPrograms, STAFF } from './demo-data.ts';
import { createTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { localTriggers } from './local-triggers.ts';
import { startRedisServer } from './redis-server.ts';
import { sandboxEventBusFaultRoute, sandboxOutboxRoute, sandboxPayRoute } from './sandbox-gateway.ts';
import { JOB_QUEUE, ORDER_QUEUE, queueUrl, startSqsLocal } from './sqs-local.ts';
import { webAppRoute } from './web-app.ts';

// Metrics are CloudWatch EMF lines in AWS; locally they would only clutter the output.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

export interface LocalRuntimeOptions {
  port: number;
  holdTtlSeconds: number;
  adminEmail: string;
  adminPassword: string;
  demoData: boolean;
  paymentProviderSecret: string;
  sweepIntervalSeconds: number;
  paymentReconcileIntervalSeconds: number;
  queueVisibilitySeconds: number;
  driftWatchIntervalSeconds: number;
}

export interface LocalRuntime {
  url: string;
  redisUrl: string;
  dynamoDbUrl: string;
  sqsUrl: string;
  /** The Alipay gateway the runtime pays through: its own stand-in unless ALIPAY_GATEWAY was set. */
  alipayUrl: string;
  /** The stand-in itself, for in-process callers (the bench); absent with an external gateway. */
  alipay: AlipayStandIn | undefined;
  demo: { sessions: { sessionId: string; title: string; seats: number; open: boolean }[] };
  stop(): Promise<void>;
}

export function optionsFromEnv(env = process.env): LocalRuntimeOptions {
  const int = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    const n = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
    return n;
  };
  return {
    port: int('PORT', 3000, 0),
    holdTtlSeconds: int('HOLD_TTL_SECONDS', DEFAULT_HOLD_TTL_SECONDS, 1),
    adminEmail: env.ADMIN_EMAIL || 'admin@example.com',
    adminPassword: env.ADMIN_PASSWORD || 'admin-password',
    demoData: (env.DEMO_DATA ?? '1') !== '0',
    paymentProviderSecret: env.PAYMENT_PROVIDER_SECRET || randomBytes(24).toString('hex'),
    sweepIntervalSeconds: int('SWEEP_INTERVAL_SECONDS', 10, 1),
    paymentReconcileIntervalSeconds: int('PAYMENT_RECONCILE_INTERVAL_SECONDS', 30, 1),
    queueVisibilitySeconds: int('ORDER_QUEUE_VISIBILITY_SECONDS', 5, 0),
    // One session per run, as in AWS; locally less often, so drift a test makes on purpose
    // is not repaired under it.
    driftWatchIntervalSeconds: int('DRIFT_WATCH_INTERVAL_SECONDS', 300, 1),
  };
}

/**
 * Starts everything the product needs on this machine: redis-server, DynamoDB Local and the
 * local SQS server as children, the scheduler stand-in, and the HTTP API serving the very
 * handlers in functions/ through API Gateway v2 events. Stops all of it on stop().
 */
export async function startLocalRuntime(opts: LocalRuntimeOptions): Promise<LocalRuntime> {
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await Promise.resolve(s()).catch(() => undefined);
  };
  try {
    // REDIS_URL (and REDIS_CLUSTER=true for a cluster) points the runtime at a Redis of your
    // own (Valkey, ElastiCache through a tunnel, LocalStack): used as it is, never flushed or
    // stopped. Otherwise a private redis-server child.
    const external = process.env.REDIS_URL;
    const [redis, dynamo, sqs, alipay] = await Promise.all([
      external ? { url: external, stop: async () => undefined } : startRedisServer(),
      startDynamoDbLocal(),
      startSqsLocal(opts.queueVisibilitySeconds),
      // ALIPAY_GATEWAY (with ALIPAY_CREDENTIALS) points at a real gateway, e.g. Alipay's sandbox.
      process.env.ALIPAY_GATEWAY ? undefined : startAlipayStandIn(),
    ]);
    stops.push(redis.stop, dynamo.stop, sqs.stop);
    if (alipay) {
      stops.push(alipay.stop);
      process.env.ALIPAY_GATEWAY = alipay.gateway;
      process.env.ALIPAY_CREDENTIALS = JSON.stringify(alipay.credentials);
    }

    Object.assign(process.env, {
      TABLE_NAME: 'ticketing',
      REDIS_URL: redis.url,
      AWS_REGION: process.env.AWS_REGION || 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
      AWS_ENDPOINT_URL_SQS: sqs.url,
      ORDER_QUEUE_URL: queueUrl(sqs.url, ORDER_QUEUE),
      JOB_QUEUE_URL: queueUrl(sqs.url, JOB_QUEUE),
      // Generated per start unless given, as the first deploy generates them in AWS.
      ...tokenKeysFromEnvOrNew(),
      GATE_SECRET: process.env.GATE_SECRET || randomBytes(32).toString('hex'),
      PII_KEY: process.env.PII_KEY || generatePiiKey(),
      HOLD_TTL_SECONDS: String(opts.holdTtlSeconds),
      PAYMENT_PROVIDER_SECRET: opts.paymentProviderSecret,
      PAYMENT_CHANNELS: process.env.PAYMENT_CHANNELS || 'sandbox,alipay',
      TICKET_SIGNING_KEY: process.env.TICKET_SIGNING_KEY || generateEd25519().privateKey,
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL || 'WARN',
    });
    await createTable(dynamo.url, 'ticketing');

    // Imported only now: the handlers read their configuration at first use.
    const { deps, overrideDeps } = await import('#shared/app/container.ts');
    // The background triggers of functions/triggers.ts: scheduler stand-in, bus rules, pollers.
    const background = await localTriggers();
    const { scheduler, events } = background;
    // OpenSearch has no local server: the embedded index stands in (LOCAL.md) unless one is given.
    const { MemorySearchIndex } = await import('#shared/search/memory-search-index.ts');
    const { redis: redisClient } = await import('#platform/clients/redis.ts');
    // SNS and SES stand-in: messages land in an outbox (GET /sandbox/outbox?to=…).
    const { OutboxNotifier } = await import('#features/notifications/index.ts');
    const outbox = new OutboxNotifier(redisClient());
    overrideDeps({
      scheduler,
      events,
      // OPENSEARCH_ENDPOINT points the product's own adapter at a domain (an OpenSearch you
      // run, LocalStack's, or an endpoint a fault drill makes unreachable).
      ...(process.env.OPENSEARCH_ENDPOINT ? {} : { search: await MemorySearchIndex.load() }),
      notifier: outbox,
    });
    stops.push(() => background.stop());
    const d = deps();
    // The sandbox gateway's pay links point at this runtime's /sandbox/pay route.
    const sandbox = () => d.paymentProviders.get('sandbox') as SandboxPaymentProvider;
    stops.push(() =>
      redisClient()
        .quit()
        .then(() => undefined),
    );

    const demo = await seed(d, opts);
    // The sweeper would build it within a minute; at start it is built at once.
    const { ensureIdFilter } = await import('#features/sessions/known-ids.ts');
    await ensureIdFilter(d);

    const routes = await Promise.all(
      Object.entries(ROUTES).map(async ([fn, { method, path }]) => {
        const mod = (await import(`../../functions/${fn}/index.ts`)) as { handler: ApiHandler };
        return {
          route: { method, path, fn },
          handler: checked(fn, (e: Parameters<ApiHandler>[0]) => mod.handler(e, lambdaContext(fn))),
        };
      }),
    );
    const api = await startApiGateway({
      port: opts.port,
      routes,
      extra: [
        sandboxPayRoute({
          provider: sandbox,
          secret: opts.paymentProviderSecret,
          callbackUrl: () => `${apiUrl}/v1/payments/callback`,
        }),
        sandboxOutboxRoute(() => outbox),
        sandboxEventBusFaultRoute(events),
        webAppRoute(),
      ],
    });
    const apiUrl = api.url;
    // Pay links and Alipay's notify URL are built on it (read at first use, after this).
    process.env.PUBLIC_BASE_URL ||= apiUrl;
    stops.push(() => closeServer(api.server));

    stops.push(
      await background.start({
        queueUrl: (queue) => queueUrl(sqs.url, queue),
        stream: { endpoint: dynamo.url, table: 'ticketing' },
        scheduleSeconds: (fn) =>
          fn === 'payment-reconciler'
            ? opts.paymentReconcileIntervalSeconds
            : fn === 'drift-watch'
              ? opts.driftWatchIntervalSeconds
              : opts.sweepIntervalSeconds,
      }),
    );

    return {
      url: api.url,
      redisUrl: redis.url,
      dynamoDbUrl: dynamo.url,
      sqsUrl: sqs.url,
      alipayUrl: process.env.ALIPAY_GATEWAY!,
      alipay,
      demo,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The access-token key pair: TOKEN_SIGNING_KEY from the environment (its public half derived) or a new one. */
function tokenKeysFromEnvOrNew(): { TOKEN_SIGNING_KEY: string; TOKEN_PUBLIC_KEY: string } {
  const given = process.env.TOKEN_SIGNING_KEY;
  if (given) return { TOKEN_SIGNING_KEY: given, TOKEN_PUBLIC_KEY: publicKeyOfPrivate(given) };
  const pair = generateAccessTokenKey();
  return { TOKEN_SIGNING_KEY: pair.privateKey, TOKEN_PUBLIC_KEY: pair.publicKey };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

type Deps = import('#shared/app/deps.ts').Deps;

async function seed(d: Deps, opts: LocalRuntimeOptions): Promise<LocalRuntime['demo']> {
  const { register } = await import('#features/users/index.ts');
  const { addBuyer } = await import('#features/users/index.ts');
  const { createProgram, openSession } = await import('#features/sessions/programs.ts');
  const { REFERENCE_CATEGORIES } = await import('#features/sessions/reference-categories.ts');
  await d.catalogue.putCategories(REFERENCE_CATEGORIES);
  await register(
    d,
    { mobile: '13900000000', email: opts.adminEmail, password: opts.adminPassword, name: 'Admin' },
    'admin',
  );
  // Gate staff for check-in.
  await register(
    d,
    { mobile: '13900000001', email: STAFF.email, password: STAFF.password, name: 'Gate staff' },
    'staff',
  );
  const sessions: LocalRuntime['demo']['sessions'] = [];
  if (!opts.demoData) return { sessions };
  const { userId } = await register(d, DEMO_USER);
  for (const b of DEMO_USER.buyers) await addBuyer(d, userId, b);
  for (const p of demoPrograms(d.clock.now())) {
    const created = await createProgram(d, p.input);
    for (const [i, s] of created.sessions.entries()) {
      const open = p.open.includes(i);
      if (open) await openSession(d, s.sessionId, false);
      const seats = p.input.sessions[i]!.layout.sections.reduce((n, x) => n + x.rows * x.seatsPerRow, 0);
      sessions.push({ sessionId: s.sessionId, title: p.input.title, seats, open });
    }
  }
  return { sessions };
}

/**
 * CONTRACT_CHECK=1 (the tests): every answer is checked against the route's contract
 * (app/registry.ts, shared/api/responses.ts); a violation is logged and answered 500
 * CONTRACT_VIOLATION, so the test that made the call fails and names the field.
 */
function checked(
  fn: string,
  handler: (e: Parameters<ApiHandler>[0]) => ReturnType<ApiHandler>,
): (e: Parameters<ApiHandler>[0]) => ReturnType<ApiHandler> {
  if (process.env.CONTRACT_CHECK !== '1') return handler;
  return async (e) => {
    const result = await handler(e);
    const violation = contractViolation(fn, result);
    if (!violation) return result;
    console.error(`CONTRACT VIOLATION ${violation}`);
    return {
      statusCode: 500,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ error: { code: 'CONTRACT_VIOLATION', message: violation } }),
    };
  };
}

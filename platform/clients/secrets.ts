import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { logger } from '#kernel/observability/logger.ts';
import { flushMetrics } from '#kernel/observability/metrics.ts';
import { guardAwsClient } from '#platform/clients/guarded-clients.ts';
import { onFirstUse } from '#platform/clients/on-first-use.ts';
import { awsClientConfig } from '#platform/clients/timeouts.ts';

/**
 * In AWS the functions' secrets come from Secrets Manager, once per container:
 *  - SECRET_ARNS: the function's secrets, comma-separated, one per purpose (token signing,
 *    gate, PII, ticket signing, sandbox callback), each a JSON object of variables
 *    (TOKEN_SIGNING_KEY, GATE_SECRET, PII_KEY, TICKET_SIGNING_KEY, PAYMENT_PROVIDER_SECRET):
 *    each becomes an environment variable unless one is already set. A function's role can
 *    read exactly the secrets listed here (infra/stacks/function-needs.ts);
 *  - CACHE_SECRET_ARN + CACHE_ENDPOINT: the Valkey RBAC password, from which REDIS_URL is made;
 *  - ORIGIN_VERIFY_SECRET_ARN: the header value CloudFront adds (ORIGIN_VERIFY_SECRET);
 *  - ALIPAY_SECRET_ARN: the Alipay app's credentials (ALIPAY_CREDENTIALS, JSON).
 * Locally (and in tests) those ARNs are absent and the environment is used as it is.
 *
 * Read through the AWS Parameters and Secrets Lambda extension when the function has it
 * (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, set with the layer: infra/constructs): a local HTTP
 * call, so a cold start loads no AWS SDK at all for its secrets (the Secrets Manager client
 * with the SDK's core was ~45 ms of every cold start). Without the extension, or when it does
 * not answer, through the SDK, imported then.
 */
let loading: Promise<void> | undefined;

type SecretReader = (arn: string) => Promise<string>;

/** Through the SDK: the given client (tests), or one made with the package imported now. */
function sdkReader(given?: SecretsManagerClient): SecretReader {
  const sdk = onFirstUse(async () => {
    const m = await import('@aws-sdk/client-secrets-manager');
    const client = given ?? guardAwsClient(new m.SecretsManagerClient(awsClientConfig()), 'secretsmanager');
    return { client, Get: m.GetSecretValueCommand };
  });
  return async (arn) => {
    const { client, Get } = await sdk();
    const res = await client.send(new Get({ SecretId: arn }));
    if (res.SecretString === undefined) throw new Error(`secret ${arn} has no string value`);
    return res.SecretString;
  };
}

/** The extension's budget per read: it answers from its cache or asks Secrets Manager once. */
const EXTENSION_TIMEOUT_MS = 3_000;

/** Through the Parameters and Secrets extension on localhost (its token: the function's session token). */
function extensionReader(port: string, env: NodeJS.ProcessEnv): SecretReader {
  return async (arn) => {
    const res = await fetch(
      `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(arn)}`,
      {
        headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' },
        signal: AbortSignal.timeout(EXTENSION_TIMEOUT_MS),
      },
    );
    if (!res.ok) throw new Error(`the secrets extension answered ${res.status} for ${arn}`);
    const body = (await res.json()) as { SecretString?: unknown };
    if (typeof body.SecretString !== 'string') throw new Error(`secret ${arn} has no string value`);
    return body.SecretString;
  };
}

/** The extension when the function has it, the SDK when it has not or the extension fails. */
function readerFor(env: NodeJS.ProcessEnv, client?: SecretsManagerClient): SecretReader {
  const sdk = sdkReader(client);
  const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT;
  if (client || !port) return sdk;
  const extension = extensionReader(port, env);
  return async (arn) => {
    try {
      return await extension(arn);
    } catch (error) {
      logger.warn('secrets extension did not answer; reading through the SDK', {
        arn,
        error: error as Error,
      });
      return sdk(arn);
    }
  };
}

export function loadSecrets(
  client?: SecretsManagerClient,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  loading ??= (async () => {
    const appArns = (env.SECRET_ARNS ?? '').split(',').filter(Boolean);
    const cacheArn = env.CACHE_SECRET_ARN;
    const originArn = env.ORIGIN_VERIFY_SECRET_ARN;
    const alipayArn = env.ALIPAY_SECRET_ARN;
    if (appArns.length === 0 && !cacheArn && !originArn && !alipayArn) return;
    const read = readerFor(env, client);
    const wantsCache = Boolean(cacheArn) && !env.REDIS_URL;
    const endpoint = env.CACHE_ENDPOINT;
    if (wantsCache && !endpoint) throw new Error('CACHE_SECRET_ARN is set but CACHE_ENDPOINT is not');
    // All at once: on a cold start each read may be a call to Secrets Manager.
    const optional = (arn: string | undefined, needed: boolean) => (arn && needed ? read(arn) : undefined);
    const [apps, origin, alipay, cache] = await Promise.all([
      Promise.all(appArns.map((arn) => read(arn))),
      optional(originArn, !env.ORIGIN_VERIFY_SECRET),
      optional(alipayArn, !env.ALIPAY_CREDENTIALS),
      optional(cacheArn, wantsCache),
    ]);
    for (const json of apps) {
      const values = JSON.parse(json) as Record<string, unknown>;
      for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && !env[k]) env[k] = v;
    }
    if (origin !== undefined) env.ORIGIN_VERIFY_SECRET = origin;
    // Parsed and checked on first use (alipay-config.ts), so a bad one is a clear 503, not a crash.
    if (alipay !== undefined) env.ALIPAY_CREDENTIALS = alipay;
    if (cache !== undefined) {
      const password = encodeURIComponent(cache);
      env.REDIS_URL = `rediss://${env.CACHE_USER ?? 'app'}:${password}@${endpoint}:${env.CACHE_PORT ?? '6379'}`;
    }
  })().catch((err: unknown) => {
    loading = undefined; // a failed start is retried by the next invocation
    throw err;
  });
  return loading;
}

/** For tests: forget what was loaded. */
export function resetSecretsForTests(): void {
  loading = undefined;
}

/** Wraps a non-HTTP handler: secrets in place before the first use of deps(), metrics flushed after. */
export function withSecrets<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    await loadSecrets();
    try {
      return await fn(...args);
    } finally {
      flushMetrics();
    }
  };
}

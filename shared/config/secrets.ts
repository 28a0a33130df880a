import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientConfig } from '#shared/clients/timeouts.ts';
import { flushMetrics } from '#shared/observability/metrics.ts';
import { guardAwsClient } from '#shared/resilience/guarded-clients.ts';

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
 */
let loading: Promise<void> | undefined;

async function read(client: SecretsManagerClient, arn: string): Promise<string> {
  const res = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (res.SecretString === undefined) throw new Error(`secret ${arn} has no string value`);
  return res.SecretString;
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
    const sm = client ?? guardAwsClient(new SecretsManagerClient(awsClientConfig()), 'secretsmanager');
    for (const json of await Promise.all(appArns.map((arn) => read(sm, arn)))) {
      const values = JSON.parse(json) as Record<string, unknown>;
      for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && !env[k]) env[k] = v;
    }
    if (originArn && !env.ORIGIN_VERIFY_SECRET) env.ORIGIN_VERIFY_SECRET = await read(sm, originArn);
    // Parsed and checked on first use (alipay-config.ts), so a bad one is a clear 503, not a crash.
    if (alipayArn && !env.ALIPAY_CREDENTIALS) env.ALIPAY_CREDENTIALS = await read(sm, alipayArn);
    if (cacheArn && !env.REDIS_URL) {
      const endpoint = env.CACHE_ENDPOINT;
      if (!endpoint) throw new Error('CACHE_SECRET_ARN is set but CACHE_ENDPOINT is not');
      const password = encodeURIComponent(await read(sm, cacheArn));
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

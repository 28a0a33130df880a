import { logger } from '#kernel/observability/logger.ts';

/**
 * Runs a function's first-request work during Lambda's init instead: reading its secrets,
 * connecting to Redis, parsing the token key. With provisioned concurrency (or Lambda's own
 * proactive initialisation) init runs before any request, so at the second a sale opens a
 * container's first request costs what its later ones do; a plain cold start does the same
 * work either way, just before the handler instead of inside it.
 *
 * The handler module awaits it at its top level: work left running past init would be frozen
 * with the environment, sockets half-open. Only in Lambda (AWS_LAMBDA_INITIALIZATION_TYPE is
 * set there): the tests and the local runtime import the functions without it. It never fails
 * init: each step is memoised and retried on use, so whatever failed or did not finish within
 * `timeoutMs` is done again by the first request.
 */
export async function primeAtInit(
  steps: () => Promise<unknown>,
  { timeoutMs = 2_000, env = process.env }: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  if (!env.AWS_LAMBDA_INITIALIZATION_TYPE) return;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([steps(), timedOut]);
    if (outcome === 'timeout')
      logger.warn('init priming did not finish in time; the first request completes it', { timeoutMs });
  } catch (error) {
    logger.warn('init priming failed; the first request retries it', { error: error as Error });
  } finally {
    clearTimeout(timer);
  }
}

import { DomainError } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import { requestHash } from '#platform/http/canonical-json.ts';
import type { Deps } from '#shared/app/deps.ts';
import type { StoredResponse } from '#shared/ports/idempotency.ts';

/**
 * Runs `fn` once per (scope, Idempotency-Key): a repeat with the same body gets the first
 * response; another body under the key is 409 IDEMPOTENCY_CONFLICT; a failed request
 * forgets its key so the client can retry with it.
 */
export async function withIdempotency<T>(
  d: Pick<Deps, 'idempotency' | 'clock'>,
  scope: string,
  key: string,
  body: unknown,
  fn: () => Promise<StoredResponse<T>>,
): Promise<StoredResponse<T>> {
  const begun = await d.idempotency.begin(scope, key, requestHash(body), d.clock.now());
  // A replay is what `fn` answered the first time under this scope and key: the same type.
  if (begun.kind === 'replay') return begun.response as StoredResponse<T>;
  if (begun.kind === 'conflict') {
    throw new DomainError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was used with another request body');
  }
  if (begun.kind === 'in-progress') {
    throw new DomainError(
      'IDEMPOTENCY_CONFLICT',
      'A request with this Idempotency-Key is still being processed',
      {
        reason: 'IN_PROGRESS',
      },
      { retryAfterSeconds: 1 },
    );
  }
  let response: StoredResponse<T>;
  try {
    response = await fn();
  } catch (err) {
    // If the store does not answer either, the key stays in progress until its lease ends
    // (a minute): the request's own error is the one the client needs.
    await d.idempotency.abandon(scope, key).catch((e: unknown) =>
      logger.warn('could not forget an idempotency key after a failed request', {
        scope,
        error: String(e),
      }),
    );
    throw err;
  }
  // What was done is done (an order accepted and queued): a store that fails to record the
  // answer must not turn it into a 503 the client would retry into a second order. A repeat
  // of the key then finds it in progress (409, retry-after) until the lease ends.
  await d.idempotency.complete(scope, key, response, d.clock.now()).catch((e: unknown) =>
    logger.error('could not record an idempotent response; answering it anyway', {
      scope,
      error: String(e),
    }),
  );
  return response;
}

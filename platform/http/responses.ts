import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { DomainError } from '#kernel/errors.ts';
import { ERROR_STATUS } from '#platform/http/error-status.ts';

/** An answer; `T` is its JSON body, checked against the route's response schema by httpHandler. */
export interface HttpResult<T = unknown> {
  status: number;
  body?: T;
  headers?: Record<string, string>;
  /** Already-encoded body (e.g. gzip) sent as base64, as API Gateway expects. */
  rawBase64?: string;
  /** A plain-text body (a provider that reads a fixed word back, e.g. Alipay's `success`). */
  text?: string;
}

export const ok = <T>(body: T, status = 200): HttpResult<T> => ({ status, body });

/**
 * A 200 that may come from a stored copy (platform/resilience/last-good-copy.ts): then it
 * carries `x-data-age`, the copy's age in seconds (docs/API.md, "Degraded answers").
 */
export const okMaybeStale = <T>(read: { value: T; ageSeconds?: number | undefined }): HttpResult<T> =>
  withDataAge(ok(read.value), read.ageSeconds);

export function withDataAge<T>(result: HttpResult<T>, ageSeconds: number | undefined): HttpResult<T> {
  if (ageSeconds === undefined) return result;
  return { ...result, headers: { ...result.headers, 'x-data-age': String(ageSeconds) } };
}
export const created = <T>(body: T): HttpResult<T> => ({ status: 201, body });
export const noContent = (): HttpResult<never> => ({ status: 204 });
export const plainText = (text: string): HttpResult<never> => ({ status: 200, text });

export function toApiGatewayResult(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...result.headers };
  if (result.rawBase64 !== undefined) {
    return { statusCode: result.status, headers, body: result.rawBase64, isBase64Encoded: true };
  }
  if (result.text !== undefined) {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    return { statusCode: result.status, headers, body: result.text };
  }
  if (result.body === undefined) return { statusCode: result.status, headers };
  headers['content-type'] ??= 'application/json; charset=utf-8';
  return { statusCode: result.status, headers, body: JSON.stringify(result.body) };
}

export function errorResult(err: DomainError): HttpResult {
  const headers: Record<string, string> = {};
  if (err.retryAfterSeconds !== undefined) headers['retry-after'] = String(err.retryAfterSeconds);
  return {
    status: ERROR_STATUS[err.code],
    headers,
    body: {
      error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
    },
  };
}

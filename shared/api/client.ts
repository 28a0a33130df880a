import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './openapi-types.ts';

/**
 * The typed client of the HTTP API: openapi-fetch over the types openapi-typescript generates
 * from docs/openapi.json (`npm run openapi`). Every path, body, parameter and response is
 * typed from the contract, so an app or test that calls the API wrongly does not compile.
 * Used by the web app (web/) and the HTTP tests.
 */
export type ApiClient = ReturnType<typeof createClient<paths>>;
export type { paths };

/** The error body every non-2xx JSON answer carries (docs/API.md, Conventions). */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export interface ClientOptions {
  /** The bearer token to send, read at each request (it changes at login and logout). */
  token?: () => string | undefined;
  /** Extra headers on every request (e.g. `x-request-id`). */
  headers?: Record<string, string>;
  fetch?: typeof globalThis.fetch;
}

export function apiClient(baseUrl: string, options: ClientOptions = {}): ApiClient {
  const client = createClient<paths>({
    baseUrl,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (options.token) {
    const token = options.token;
    const auth: Middleware = {
      onRequest({ request }) {
        const t = token();
        if (t && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${t}`);
        return request;
      },
    };
    client.use(auth);
  }
  return client;
}

/** The error code of an answer's error body, if it has one. */
export function errorCode(error: unknown): string | undefined {
  const e = error as Partial<ApiErrorBody> | undefined;
  return typeof e?.error?.code === 'string' ? e.error.code : undefined;
}

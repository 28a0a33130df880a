import { inject } from 'vitest';
import { type ApiClient, apiClient } from '#shared/api/client.ts';

/** The typed client (shared/api/client.ts) against the shared test runtime, as `token`'s user. */
export function typedApi(token?: string): ApiClient {
  return apiClient(inject('apiUrl'), token ? { token: () => token } : {});
}

/** Logs in through the typed client; the answer is what the web app keeps as its session. */
export async function signIn(who: { mobile: string } | { email: string }, password: string) {
  const { data, error } = await typedApi().POST('/v1/auth/login', { body: { ...who, password } });
  if (!data) throw new Error(`login failed: ${JSON.stringify(error)}`);
  return data;
}

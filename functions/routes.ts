/**
 * Every HTTP route of docs/API.md and the function (folder under functions/) that serves it.
 * The local runtime routes with this table and the CDK stack creates the API routes from it.
 */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  fn: string;
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/health', fn: 'health' },
  { method: 'POST', path: '/v1/users', fn: 'users-register' },
  { method: 'POST', path: '/v1/auth/login', fn: 'auth-login' },
  { method: 'POST', path: '/v1/auth/logout', fn: 'auth-logout' },
  { method: 'GET', path: '/v1/users/me', fn: 'users-me' },
  { method: 'POST', path: '/v1/users/me/buyers', fn: 'buyers-create' },
  { method: 'GET', path: '/v1/users/me/buyers', fn: 'buyers-list' },
  { method: 'DELETE', path: '/v1/users/me/buyers/{buyerId}', fn: 'buyers-delete' },
  { method: 'GET', path: '/v1/categories', fn: 'categories-list' },
  { method: 'GET', path: '/v1/programs/{programId}', fn: 'programs-get' },
  { method: 'GET', path: '/v1/sessions/{sessionId}/seats', fn: 'seat-map' },
  { method: 'POST', path: '/v1/sessions/{sessionId}/holds', fn: 'holds-create' },
  { method: 'GET', path: '/v1/holds/{holdId}', fn: 'holds-get' },
  { method: 'DELETE', path: '/v1/holds/{holdId}', fn: 'holds-delete' },
  { method: 'POST', path: '/v1/admin/programs', fn: 'admin-programs-create' },
  { method: 'POST', path: '/v1/admin/sessions/{sessionId}/open', fn: 'admin-sessions-open' },
  { method: 'GET', path: '/v1/admin/sessions/{sessionId}/stats', fn: 'admin-sessions-stats' },
];

/** Functions not behind HTTP: the Scheduler's target and the sweeper. */
export const BACKGROUND_FUNCTIONS = ['hold-release', 'hold-sweeper'] as const;

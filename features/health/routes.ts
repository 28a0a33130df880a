import { DomainError } from '#kernel/errors.ts';
import { ok } from '#platform/http/responses.ts';
import { defineRoute, returns } from '#platform/http/route.ts';
import { checkHealth } from './check-health.ts';
import type { HealthProbes } from './port.ts';
import type { Health } from './schema.ts';

export const health = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/health',
  auth: 'none',
  response: /* @__PURE__ */ returns<typeof Health>(),
  needs: { table: 'describe' },
  container: 'core',
  run: async (_req, d: { health: HealthProbes }) => {
    const report = await checkHealth(d.health);
    if (!report.ok)
      throw new DomainError('UNAVAILABLE', 'A dependency is down', report.checks, { retryAfterSeconds: 5 });
    return ok(report);
  },
});

/** The feature's routes by the function that serves each (functions/<name>/index.ts). */
export const HEALTH_ROUTES = { health };

import { healthRoute } from '#functions/route-specs.ts';
import { DomainError } from '#kernel/errors.ts';
import { ok } from '#platform/http/responses.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { httpHandler } from '#shared/app/http-handler.ts';
import { checkHealth } from '#shared/health.ts';

export const handler = httpHandler(healthRoute, async () => {
  const report = await checkHealth(coreDeps().health);
  if (!report.ok)
    throw new DomainError('UNAVAILABLE', 'A dependency is down', report.checks, { retryAfterSeconds: 5 });
  return ok(report);
});

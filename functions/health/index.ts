import { healthRoute } from '#functions/route-specs.ts';
import { coreDeps } from '#shared/app/core-container.ts';
import { DomainError } from '#shared/errors/domain-error.ts';
import { checkHealth } from '#shared/health.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

export const handler = httpHandler(healthRoute, async () => {
  const report = await checkHealth(coreDeps().health);
  if (!report.ok)
    throw new DomainError('UNAVAILABLE', 'A dependency is down', report.checks, { retryAfterSeconds: 5 });
  return ok(report);
});

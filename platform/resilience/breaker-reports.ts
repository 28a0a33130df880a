import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from '#kernel/observability/logger.ts';
import { metrics } from '#kernel/observability/metrics.ts';
import type { BreakerState, Dependency } from '#platform/resilience/circuit-breaker.ts';

/**
 * What a breaker's state changes leave behind: a log line each, and a `CircuitOpened` /
 * `CircuitClosed` count with the `Dependency` dimension (one alarm per dependency in
 * infra/constructs/alarms.ts). Published at once (a single metric), not at the end of the
 * invocation: a breaker may open in the middle of one.
 */
export function reportBreakerChange(dependency: Dependency, state: BreakerState, reason?: unknown): void {
  if (state === 'half-open') {
    logger.info('circuit half-open: probing the dependency with one call', { dependency });
    return;
  }
  if (state === 'open') {
    logger.warn('circuit opened: calls to the dependency fail fast until a probe succeeds', {
      dependency,
      reason: reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason),
    });
  } else {
    logger.info('circuit closed: the dependency answers again', { dependency });
  }
  const single = metrics.singleMetric();
  single.addDimension('Dependency', dependency);
  single.addMetric(state === 'open' ? 'CircuitOpened' : 'CircuitClosed', MetricUnit.Count, 1);
}

import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace and the one dimension the alarms (infra) select on. */
export const METRICS_NAMESPACE = 'Ticketing';
export const METRICS_SERVICE = 'ticketing';

export type CountMetric =
  | 'HoldSucceeded'
  | 'HoldRefused'
  | 'HoldErrored'
  | 'HoldsReleasedBySweeper'
  | 'OrdersExpiredByScan'
  | 'OrderSeatConflict'
  | 'SearchFallback'
  | 'UnknownIdRejected'
  | 'PaymentRecoveredByReconciler'
  | 'PaymentClosedUnpaid'
  | 'PaymentProviderError'
  | 'PaymentNotifyRefused'
  | 'DependencyUnavailable'
  | 'InventoryRebuilt'
  | 'OrderMessageDropped'
  | 'DegradedRead'
  | 'SeatDrift'
  | 'SeatDriftRepaired'
  | 'RefundCompleted'
  | 'RefundRetried'
  | 'SessionCancelled'
  | 'PaymentSucceeded'
  | 'PaymentFailed'
  | 'PaymentResultRepeated';

/**
 * Business metrics as CloudWatch EMF lines (Powertools Metrics): no API call on the hot path.
 * One fixed service dimension, so a hold counted by holds-create or orders-create adds up.
 * Locally POWERTOOLS_METRICS_DISABLED=true keeps them out of the output.
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

export function count(name: CountMetric, value = 1): void {
  if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
}

/** How late a hold was released after its expiry (the "release lag" alarm, seed 002 §14). */
export function releaseLag(seconds: number): void {
  metrics.addMetric('ReleaseLagSeconds', MetricUnit.Seconds, Math.max(0, seconds));
}

/** The age of the oldest refund the provider has not confirmed (alarm: over 15 minutes). */
export function oldestPendingRefund(minutes: number): void {
  metrics.addMetric('RefundPendingOldestMinutes', MetricUnit.Count, Math.max(0, minutes));
}

/** Paid orders still without tickets two minutes after payment (alarm: 100, seed 002 §14). */
export function paidNotTicketed(orders: number): void {
  metrics.addMetric('PaidNotTicketed', MetricUnit.Count, Math.max(0, orders));
}

/** Called at the end of every invocation (the HTTP middleware and withSecrets). */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

import { Duration, NestedStack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '#kernel/observability/metrics.ts';
import { DEPENDENCIES } from '#platform/resilience/circuit-breaker.ts';

export interface AlarmsProps {
  dlq: sqs.IQueue;
  /** The V4 order queue: its oldest message's age says whether the writers keep up. */
  orderQueue: sqs.IQueue;
  /** Organiser jobs (a session's cancellation) and the steps that kept failing. */
  jobQueue: sqs.IQueue;
  jobDlq: sqs.IQueue;
  /** Background invocations that failed every retry (bus rules, schedules, releases). */
  backgroundDlq: sqs.IQueue;
  /** The on-call's topic (in the API stack: the feature stacks' function alarms use it too). */
  topic: sns.ITopic;
  ticketIssuer: lambda.IFunction;
  /** Reads the table's stream: how far behind it is (IteratorAge). */
  outboxRelay: lambda.IFunction;
  orderPaidRule: events.IRule;
  cacheName: string;
  /** 80% of the cache's usage limits. */
  cacheBytesAlarm: number;
  cacheEcpuPerMinuteAlarm: number;
  dashboardName: string;
}

const MINUTE = Duration.minutes(1);
const business = (metricName: string, statistic = 'Sum') =>
  new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: METRICS_SERVICE },
    statistic,
    period: MINUTE,
  });

/** The on-call's SNS topic: every alarm of the deployment goes here. */
export function alarmTopic(scope: Construct, id: string): sns.Topic {
  return new sns.Topic(scope, id, {
    displayName: 'Ticketing alarms',
    enforceSSL: true,
    masterKey: kms.Alias.fromAliasName(scope, `${id}Key`, 'alias/aws/sns'),
  });
}

/**
 * The alarms of seed 002 §14 that watch the whole flow (queues, holds, payments, refunds,
 * breakers, Valkey), to the on-call's topic, and the on-sale dashboard: a nested stack of their
 * own. Each function's errors and throttles are alarmed beside it, in its feature stack.
 */
export class Alarms extends NestedStack {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id, { description: 'Ticketing alarms and the on-sale dashboard' });
    const add = (name: string, alarm: cloudwatch.Alarm) => {
      alarm.addAlarmAction(new actions.SnsAction(props.topic));
      this.alarms.push(alarm);
      return name;
    };

    add(
      'dlq',
      props.dlq
        .metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum' })
        .createAlarm(this, 'OrderDlqNotEmpty', {
          alarmDescription: 'Order messages that kept failing are waiting in the DLQ: inspect and redrive',
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );

    add(
      'backgroundDlq',
      props.backgroundDlq
        .metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum' })
        .createAlarm(this, 'BackgroundDlqNotEmpty', {
          alarmDescription:
            'A background invocation (ticket issue, notification, waitlist offer, hold release, sweep) failed every retry: inspect the message and replay it',
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );

    add(
      'jobDlq',
      props.jobDlq
        .metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum' })
        .createAlarm(this, 'JobDlqNotEmpty', {
          alarmDescription:
            "A session cancellation's step kept failing for an hour: see the canceller's log, fix, and cancel the session again (the call is harmless to repeat) or redrive",
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );

    // Accepted orders wait in the queue: buyers poll PENDING while this grows.
    const queueAge = props.orderQueue.metricApproximateAgeOfOldestMessage({
      period: MINUTE,
      statistic: 'Maximum',
    });
    add(
      'queueAge',
      queueAge.createAlarm(this, 'OrderQueueAge', {
        alarmDescription:
          'The oldest accepted order has waited over 60 s for the writers for 3 minutes: writers throttled or failing (raise writerMaxConcurrency or look at DynamoDB)',
        threshold: 60,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    // Payments the provider declined, against all that reached a result, once there are enough to judge.
    const paymentFailureRate = new cloudwatch.MathExpression({
      expression:
        'IF((FILL(ok, 0) + FILL(failed, 0)) >= 20, FILL(failed, 0) / (FILL(ok, 0) + FILL(failed, 0)), 0)',
      usingMetrics: { ok: business('PaymentSucceeded'), failed: business('PaymentFailed') },
      period: Duration.minutes(5),
      label: 'payment failure rate',
    });
    add(
      'payments',
      paymentFailureRate.createAlarm(this, 'PaymentFailureRate', {
        alarmDescription:
          'More than half of 20+ payments in 5 minutes were declined: the provider or the payment path is failing',
        threshold: 0.5,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    // Refusals (taken, sold out, limits) are outcomes; errors are holds we could not process.
    const errorRate = new cloudwatch.MathExpression({
      expression: 'IF(attempts > 0, errored / attempts, 0)',
      usingMetrics: {
        errored: business('HoldErrored'),
        attempts: new cloudwatch.MathExpression({
          expression: 'FILL(ok, 0) + FILL(refused, 0) + FILL(errored2, 0)',
          usingMetrics: {
            ok: business('HoldSucceeded'),
            refused: business('HoldRefused'),
            errored2: business('HoldErrored'),
          },
          period: MINUTE,
        }),
      },
      period: MINUTE,
      label: 'hold error rate',
    });
    add(
      'holds',
      errorRate.createAlarm(this, 'HoldErrorRate', {
        alarmDescription: 'More than 5% of hold attempts failed for 3 minutes (seed 002 §14)',
        threshold: 0.05,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    add(
      'lag',
      business('ReleaseLagSeconds', 'Maximum').createAlarm(this, 'ReleaseLag', {
        alarmDescription: 'A hold was released more than 60 s after its expiry (seed 002 §14)',
        threshold: 60,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    // Money owed back that the provider has not confirmed (the reconciler retries every minute).
    add(
      'refunds',
      business('RefundPendingOldestMinutes', 'Maximum').createAlarm(this, 'RefundPending', {
        alarmDescription: 'A refund has been pending at the payment provider for more than 15 minutes',
        threshold: 15,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    // Search answered from the DynamoDB listings: OpenSearch is down or too slow (degraded, not broken).
    add(
      'search',
      business('SearchFallback').createAlarm(this, 'SearchFallback', {
        alarmDescription: 'Program search fell back to DynamoDB for 5 minutes: OpenSearch is failing',
        threshold: 1,
        evaluationPeriods: 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    // The drift watch (features/sessions/drift-watch.ts) found Redis and DynamoDB disagreeing.
    add(
      'drift',
      business('SeatDrift').createAlarm(this, 'SeatDrift', {
        alarmDescription:
          'Seat drift between Redis and DynamoDB: the safe kinds were repaired; see the log line for what is left to a person',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    // A container opened a dependency's circuit breaker (platform/resilience/circuit-breaker.ts):
    // that dependency failed three calls in a row and requests needing it answer 503 at once.
    for (const dependency of DEPENDENCIES) {
      const name = dependency[0]!.toUpperCase() + dependency.slice(1);
      add(
        `circuit-${dependency}`,
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: 'CircuitOpened',
          dimensionsMap: { service: METRICS_SERVICE, Dependency: dependency },
          statistic: 'Sum',
          period: MINUTE,
        }).createAlarm(this, `Circuit${name}Open`, {
          alarmDescription: `The ${dependency} circuit breaker opened: ${dependency} is failing and requests that need it answer 503 (docs/ARCHITECTURE.md, "When a dependency fails")`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    // Paid but not ticketed, counted by the sweeper from the table's work list every minute
    // (seed 002 §14: more than 100), whatever the cause: the issuer failing, OrderPaid lost.
    add(
      'unticketed',
      business('PaidNotTicketed', 'Maximum').createAlarm(this, 'PaidNotTicketedOrders', {
        alarmDescription:
          'More than 100 orders have been paid for over 2 minutes without tickets: see the ticket issuer, the outbox relay and the OrderPaid rule',
        threshold: 100,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    // The outbox relay behind the table's stream: OrderPaid (tickets) waiting to be put on the bus.
    add(
      'outbox',
      props.outboxRelay
        .metric('IteratorAge', { period: MINUTE, statistic: 'Maximum' })
        .createAlarm(this, 'OutboxRelayBehind', {
          alarmDescription:
            'The outbox relay is more than 60 s behind the table stream for 3 minutes: OrderPaid events (tickets) are waiting; see the relay and the bus',
          threshold: 60_000,
          evaluationPeriods: 3,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );
    // The issuer failing, or OrderPaid not reaching it.
    add(
      'issuer',
      props.ticketIssuer.metricErrors({ period: Duration.minutes(5) }).createAlarm(this, 'PaidNotTicketed', {
        alarmDescription: 'The ticket issuer failed: paid orders may be waiting for tickets',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      'rule',
      new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensionsMap: { RuleName: props.orderPaidRule.ruleName },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }).createAlarm(this, 'OrderPaidNotDelivered', {
        alarmDescription: 'OrderPaid events could not be delivered to the ticket issuer',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    // One screen for the on-sale minute: holds, release lag, the order queue, Valkey.
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Hold attempts per minute',
        left: [business('HoldSucceeded'), business('HoldRefused'), business('HoldErrored')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'Hold error rate', left: [errorRate], width: 12 }),
      new cloudwatch.GraphWidget({
        title: 'Release lag (s) and sweeper releases',
        left: [business('ReleaseLagSeconds', 'Maximum')],
        right: [business('HoldsReleasedBySweeper')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Order DLQ and seat conflicts',
        left: [props.dlq.metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum' })],
        right: [business('OrderSeatConflict')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Order queue: oldest message (s) and messages waiting',
        left: [queueAge],
        right: [
          props.orderQueue.metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum' }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Payments: succeeded, failed, results repeated (callbacks, notifies, checks)',
        left: [business('PaymentSucceeded'), business('PaymentFailed')],
        right: [business('PaymentResultRepeated')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Refunds: completed, retried, oldest pending (min)',
        left: [business('RefundCompleted'), business('RefundRetried')],
        right: [business('RefundPendingOldestMinutes', 'Maximum')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Seat drift found and repaired; sessions cancelled; cancel steps waiting',
        left: [business('SeatDrift'), business('SeatDriftRepaired'), business('SessionCancelled')],
        right: [
          props.jobQueue.metricApproximateNumberOfMessagesVisible({ period: MINUTE, statistic: 'Maximum' }),
        ],
        width: 12,
      }),
    );

    const cache = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ElastiCache',
        metricName,
        dimensionsMap: { clusterId: props.cacheName },
        statistic,
        period: MINUTE,
      });
    add(
      'cache-cpu',
      cache('ElastiCacheProcessingUnits', 'Sum').createAlarm(this, 'CacheCpu', {
        alarmDescription: 'Valkey compute (ECPUs) above 80% of the cache limit for 3 minutes',
        threshold: props.cacheEcpuPerMinuteAlarm,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      'cache-memory',
      cache('BytesUsedForCache', 'Maximum').createAlarm(this, 'CacheMemory', {
        alarmDescription: 'Valkey data above 80% of the cache storage limit',
        threshold: props.cacheBytesAlarm,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}

import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { HoldExpiryEvent, HoldExpiryScheduler } from '#shared/ports/hold-expiry-scheduler.ts';

export interface SchedulerTarget {
  groupName: string;
  /** The release function. */
  targetArn: string;
  /** The role EventBridge Scheduler assumes; it may invoke only the release function. */
  roleArn: string;
  /** Where a release the Scheduler could not deliver after its retries is kept (SQS). */
  deadLetterArn?: string;
}

/** `at(2026-11-21T10:10:01)`: whole seconds, UTC, rounded up so a hold is never released early. */
export function atExpression(ms: number): string {
  return `at(${new Date(Math.ceil(ms / 1000) * 1000).toISOString().slice(0, 19)})`;
}

export const scheduleName = (holdId: string): string => `hold-${holdId}`;

/** One one-time schedule per hold, deleted by the service after it fires. */
export class EventBridgeHoldExpiryScheduler implements HoldExpiryScheduler {
  constructor(
    /** Made on first use (platform/clients/on-first-use.ts): the SDK package loads then, not at cold start. */
    private readonly client: () => Promise<SchedulerClient>,
    private readonly target: SchedulerTarget,
  ) {}

  async schedule(event: HoldExpiryEvent, expiresAtMs: number): Promise<void> {
    if (!this.target.targetArn || !this.target.roleArn)
      throw new Error('this function may only cancel hold schedules (no release target configured)');
    const [{ CreateScheduleCommand }, client] = await Promise.all([
      import('@aws-sdk/client-scheduler'),
      this.client(),
    ]);
    await client.send(
      new CreateScheduleCommand({
        Name: scheduleName(event.holdId),
        GroupName: this.target.groupName,
        ScheduleExpression: atExpression(expiresAtMs),
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: this.target.targetArn,
          RoleArn: this.target.roleArn,
          Input: JSON.stringify(event),
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
          ...(this.target.deadLetterArn ? { DeadLetterConfig: { Arn: this.target.deadLetterArn } } : {}),
        },
      }),
    );
  }

  async cancel(holdId: string): Promise<void> {
    const [{ DeleteScheduleCommand, ResourceNotFoundException }, client] = await Promise.all([
      import('@aws-sdk/client-scheduler'),
      this.client(),
    ]);
    try {
      await client.send(
        new DeleteScheduleCommand({ Name: scheduleName(holdId), GroupName: this.target.groupName }),
      );
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
    }
  }
}

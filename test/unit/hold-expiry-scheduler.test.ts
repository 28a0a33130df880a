import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ThrottlingException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  atExpression,
  EventBridgeHoldExpiryScheduler,
} from '#shared/scheduler/eventbridge-hold-expiry-scheduler.ts';
import { LocalHoldExpiryScheduler } from '../../infra/local/local-hold-expiry-scheduler.ts';

const schedulerMock = mockClient(SchedulerClient);
const target = {
  groupName: 'holds',
  targetArn: 'arn:aws:lambda:eu-west-1:111122223333:function:hold-release',
  roleArn: 'arn:aws:iam::111122223333:role/scheduler-invoke-release',
  deadLetterArn: 'arn:aws:sqs:eu-west-1:111122223333:background-dlq',
};

describe('EventBridge Scheduler adapter', () => {
  beforeEach(() => schedulerMock.reset());

  it('creates one one-time at() schedule per hold that deletes itself after running, failures kept in the DLQ', async () => {
    schedulerMock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    const adapter = new EventBridgeHoldExpiryScheduler(
      async () => new SchedulerClient({ region: 'eu-west-1' }),
      target,
    );
    await adapter.schedule(
      { sessionId: 's1', holdId: 's1_0123456789ab' },
      Date.parse('2026-11-21T10:10:00.250Z'),
    );
    const calls = schedulerMock.commandCalls(CreateScheduleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      Name: 'hold-s1_0123456789ab',
      GroupName: 'holds',
      ScheduleExpression: 'at(2026-11-21T10:10:01)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: target.targetArn,
        RoleArn: target.roleArn,
        Input: JSON.stringify({ sessionId: 's1', holdId: 's1_0123456789ab' }),
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: target.deadLetterArn },
      },
    });
  });

  it('rounds at() up to the next whole second, never down', () => {
    expect(atExpression(Date.parse('2026-11-21T10:10:00.000Z'))).toBe('at(2026-11-21T10:10:00)');
    expect(atExpression(Date.parse('2026-11-21T10:10:00.001Z'))).toBe('at(2026-11-21T10:10:01)');
  });

  it('deletes a schedule on cancel, ignores one that is already gone, and surfaces other errors', async () => {
    const adapter = new EventBridgeHoldExpiryScheduler(
      async () => new SchedulerClient({ region: 'eu-west-1' }),
      target,
    );
    schedulerMock
      .on(DeleteScheduleCommand)
      .resolvesOnce({})
      .rejectsOnce(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }))
      .rejectsOnce(new ThrottlingException({ message: 'slow down', Message: 'slow down', $metadata: {} }));
    await adapter.cancel('s1_0123456789ab');
    expect(schedulerMock.commandCalls(DeleteScheduleCommand)[0]!.args[0].input).toEqual({
      Name: 'hold-s1_0123456789ab',
      GroupName: 'holds',
    });
    await expect(adapter.cancel('s1_0123456789ab')).resolves.toBeUndefined();
    await expect(adapter.cancel('s1_0123456789ab')).rejects.toThrow('slow down');
  });
});

describe('local scheduler stand-in', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-11-21T10:00:00.500Z') }));
  afterEach(() => vi.useRealTimers());

  it('invokes the release at the whole second after expiry, not before', async () => {
    const fired: string[] = [];
    const local = new LocalHoldExpiryScheduler(async (e) => fired.push(e.holdId));
    await local.schedule({ sessionId: 's', holdId: 'h1' }, Date.now() + 1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(501);
    expect(fired).toEqual(['h1']);
    expect(local.pending).toBe(0);
  });

  it('does not fire a cancelled schedule and retries a failed release', async () => {
    let calls = 0;
    const local = new LocalHoldExpiryScheduler(async () => {
      calls++;
      if (calls === 1) throw new Error('not yet');
    });
    await local.schedule({ sessionId: 's', holdId: 'cancelled' }, Date.now() + 100);
    await local.cancel('cancelled');
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(0);
    await local.schedule({ sessionId: 's', holdId: 'retried' }, Date.now() + 100);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1500);
    expect(calls).toBe(2);
  });
});

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { isConditionalCheckFailed, isTransactionCanceled } from '#platform/clients/dynamodb.ts';

/**
 * The record adapters recognise DynamoDB's refusals by name, not `instanceof` (which would load
 * the SDK with every function): the SDK's own exceptions must still be recognised.
 */
describe("DynamoDB's refusals, by name", () => {
  it('recognises the SDK exceptions and nothing else', () => {
    const condition = new ConditionalCheckFailedException({ message: 'no', $metadata: {} });
    const cancelled = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
    expect(isConditionalCheckFailed(condition)).toBe(true);
    expect(isConditionalCheckFailed(cancelled)).toBe(false);
    expect(isTransactionCanceled(cancelled)).toBe(true);
    expect(isTransactionCanceled(condition)).toBe(false);
    if (isTransactionCanceled(cancelled)) {
      expect(cancelled.CancellationReasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    }
    for (const other of [
      new Error('ConditionalCheckFailedException'),
      'TransactionCanceledException',
      undefined,
    ]) {
      expect(isConditionalCheckFailed(other)).toBe(false);
      expect(isTransactionCanceled(other)).toBe(false);
    }
  });
});

import type {
  DescribeTableCommandInput,
  DescribeTableCommandOutput,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type * as Doc from '@aws-sdk/lib-dynamodb';
import { onFirstUse } from '#shared/clients/on-first-use.ts';
import { awsClientConfig } from '#shared/clients/timeouts.ts';
import { guardAwsClient } from '#shared/resilience/guarded-clients.ts';

/**
 * DynamoDB for the record adapters, with the SDK imported on first use.
 *
 * Every function composes the record adapters, but the hold and the waiting room's polls never
 * call DynamoDB: importing `@aws-sdk/client-dynamodb` and `lib-dynamodb` at load cost their
 * cold starts tens of milliseconds (PERFORMANCE.md). So the adapters describe their commands
 * with the classes below (same names and inputs as `lib-dynamodb`'s), and the client builds the
 * SDK's command when one is sent, loading the SDK then.
 */
type CommandName =
  | 'GetCommand'
  | 'PutCommand'
  | 'UpdateCommand'
  | 'DeleteCommand'
  | 'QueryCommand'
  | 'TransactWriteCommand'
  | 'BatchWriteCommand'
  | 'DescribeTableCommand';

/** A command described now, built with the SDK when sent; `O` is what sending it answers. */
export abstract class DeferredCommand<I, O> {
  declare readonly output: O;
  constructor(
    readonly name: CommandName,
    readonly input: I,
  ) {}
}

export class GetCommand extends DeferredCommand<Doc.GetCommandInput, Doc.GetCommandOutput> {
  constructor(input: Doc.GetCommandInput) {
    super('GetCommand', input);
  }
}
export class PutCommand extends DeferredCommand<Doc.PutCommandInput, Doc.PutCommandOutput> {
  constructor(input: Doc.PutCommandInput) {
    super('PutCommand', input);
  }
}
export class UpdateCommand extends DeferredCommand<Doc.UpdateCommandInput, Doc.UpdateCommandOutput> {
  constructor(input: Doc.UpdateCommandInput) {
    super('UpdateCommand', input);
  }
}
export class DeleteCommand extends DeferredCommand<Doc.DeleteCommandInput, Doc.DeleteCommandOutput> {
  constructor(input: Doc.DeleteCommandInput) {
    super('DeleteCommand', input);
  }
}
export class QueryCommand extends DeferredCommand<Doc.QueryCommandInput, Doc.QueryCommandOutput> {
  constructor(input: Doc.QueryCommandInput) {
    super('QueryCommand', input);
  }
}
export class TransactWriteCommand extends DeferredCommand<
  Doc.TransactWriteCommandInput,
  Doc.TransactWriteCommandOutput
> {
  constructor(input: Doc.TransactWriteCommandInput) {
    super('TransactWriteCommand', input);
  }
}
export class BatchWriteCommand extends DeferredCommand<
  Doc.BatchWriteCommandInput,
  Doc.BatchWriteCommandOutput
> {
  constructor(input: Doc.BatchWriteCommandInput) {
    super('BatchWriteCommand', input);
  }
}
/** The table's description (health checks): a plain DynamoDB command, not a document one. */
export class DescribeTableCommand extends DeferredCommand<
  DescribeTableCommandInput,
  DescribeTableCommandOutput
> {
  constructor(input: DescribeTableCommandInput) {
    super('DescribeTableCommand', input);
  }
}

/** What the record adapters use of DynamoDB: send a command, get its answer. */
export interface DocumentClient {
  send<O>(command: DeferredCommand<unknown, O>): Promise<O>;
}

const sdk = onFirstUse(async () => {
  const [lib, base] = await Promise.all([
    import('@aws-sdk/lib-dynamodb'),
    import('@aws-sdk/client-dynamodb'),
  ]);
  return { lib, base };
});

/** The SDK's own command for a described one. */
async function sdkCommand(command: DeferredCommand<unknown, unknown>) {
  const { lib, base } = await sdk();
  const input = command.input as never;
  switch (command.name) {
    case 'GetCommand':
      return new lib.GetCommand(input);
    case 'PutCommand':
      return new lib.PutCommand(input);
    case 'UpdateCommand':
      return new lib.UpdateCommand(input);
    case 'DeleteCommand':
      return new lib.DeleteCommand(input);
    case 'QueryCommand':
      return new lib.QueryCommand(input);
    case 'TransactWriteCommand':
      return new lib.TransactWriteCommand(input);
    case 'BatchWriteCommand':
      return new lib.BatchWriteCommand(input);
    case 'DescribeTableCommand':
      return new base.DescribeTableCommand(input);
  }
}

/** The document-client options every client here uses. */
const MARSHALL = { marshallOptions: { removeUndefinedValues: true } };

/**
 * A DocumentClient over a DynamoDB client made on first use (tests and the local runtime give
 * theirs, with DynamoDB Local's endpoint).
 */
export function documentClientOver(base: () => DynamoDBClient | Promise<DynamoDBClient>): DocumentClient {
  const client = onFirstUse(async () =>
    (await sdk()).lib.DynamoDBDocumentClient.from(await base(), MARSHALL),
  );
  return {
    send: async <O>(command: DeferredCommand<unknown, O>): Promise<O> => {
      const [c, built] = await Promise.all([client(), sdkCommand(command)]);
      return (await c.send(built as never)) as O;
    },
  };
}

/**
 * The product's DynamoDB client. The endpoint comes from the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB (DynamoDB Local, LocalStack) or the real regional endpoint.
 * Bounded time and a circuit breaker on every call (shared/resilience).
 */
export function createDocumentClient(): DocumentClient {
  return documentClientOver(async () =>
    guardAwsClient(new (await sdk()).base.DynamoDBClient(awsClientConfig()), 'dynamodb'),
  );
}

/** DynamoDB's refusals, recognised by name: `instanceof` on the SDK's classes would import the SDK at load. */
/** A refused condition; `Item` is the item as it was when `ReturnValuesOnConditionCheckFailure` asked for it. */
export type ConditionalCheckFailed = Error & { Item?: Record<string, unknown> };

export function isConditionalCheckFailed(err: unknown): err is ConditionalCheckFailed {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/** A cancelled transaction, with the reason of each of its items (by position). */
export type TransactionCanceled = Error & { CancellationReasons?: { Code?: string }[] };

export function isTransactionCanceled(err: unknown): err is TransactionCanceled {
  return err instanceof Error && err.name === 'TransactionCanceledException';
}

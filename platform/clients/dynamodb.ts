import type {
  DescribeTableCommandInput,
  DescribeTableCommandOutput,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type * as Doc from '@aws-sdk/lib-dynamodb';
import { guardAwsClient } from '#platform/clients/guarded-clients.ts';
import { onFirstUse } from '#platform/clients/on-first-use.ts';
import { awsClientConfig } from '#platform/clients/timeouts.ts';

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

/** A deferred command class: `new X(input)` as with the SDK's, named for `sdkCommand` below. */
const deferred = <I, O>(name: CommandName) =>
  class extends DeferredCommand<I, O> {
    constructor(input: I) {
      super(name, input);
    }
  };

export const GetCommand = deferred<Doc.GetCommandInput, Doc.GetCommandOutput>('GetCommand');
export const PutCommand = deferred<Doc.PutCommandInput, Doc.PutCommandOutput>('PutCommand');
export const UpdateCommand = deferred<Doc.UpdateCommandInput, Doc.UpdateCommandOutput>('UpdateCommand');
export const DeleteCommand = deferred<Doc.DeleteCommandInput, Doc.DeleteCommandOutput>('DeleteCommand');
export const QueryCommand = deferred<Doc.QueryCommandInput, Doc.QueryCommandOutput>('QueryCommand');
export const TransactWriteCommand = deferred<Doc.TransactWriteCommandInput, Doc.TransactWriteCommandOutput>(
  'TransactWriteCommand',
);
export const BatchWriteCommand = deferred<Doc.BatchWriteCommandInput, Doc.BatchWriteCommandOutput>(
  'BatchWriteCommand',
);
/** The table's description (health checks): a plain DynamoDB command, not a document one. */
export const DescribeTableCommand = deferred<DescribeTableCommandInput, DescribeTableCommandOutput>(
  'DescribeTableCommand',
);

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
 * Bounded time and a circuit breaker on every call (platform/resilience).
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

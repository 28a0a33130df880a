import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientConfig } from '#shared/clients/timeouts.ts';
import { guardAwsClient } from '#shared/resilience/guarded-clients.ts';

/**
 * The DynamoDB document client. The endpoint comes from the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB (DynamoDB Local, LocalStack) or the real regional endpoint.
 * Bounded time and a circuit breaker on every call (shared/resilience).
 */
export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(guardAwsClient(new DynamoDBClient(awsClientConfig()), 'dynamodb'), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

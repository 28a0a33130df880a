import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientConfig } from '#shared/clients/timeouts.ts';

/**
 * The DynamoDB document client. The endpoint comes from the SDK's own
 * AWS_ENDPOINT_URL_DYNAMODB (DynamoDB Local, LocalStack) or the real regional endpoint.
 */
export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(awsClientConfig()), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

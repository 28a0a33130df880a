import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';

/**
 * The OpenSearch client for the domain at `endpoint` (https://…), every request SigV4-signed
 * for the `es` service with the function's own role (the default credential chain). Short
 * timeouts and one retry: a search that cannot answer quickly falls back to DynamoDB.
 */
export function createOpenSearchClient(endpoint: string, region: string): Client {
  return new Client({
    ...AwsSigv4Signer({ region, service: 'es' }),
    node: endpoint,
    requestTimeout: 2_000,
    maxRetries: 1,
  });
}

import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import { TIMEOUTS } from '#shared/clients/timeouts.ts';

/**
 * The OpenSearch client for the domain at `endpoint` (https://…), every request SigV4-signed
 * for the `es` service with the function's own role (the default credential chain). Short
 * timeout and no retry of its own: a search that cannot answer quickly falls back to the DynamoDB
 * listings (shared/catalogue/search.ts), which is the retry.
 */
export function createOpenSearchClient(endpoint: string, region: string): Client {
  return new Client({
    ...AwsSigv4Signer({ region, service: 'es' }),
    node: endpoint,
    requestTimeout: TIMEOUTS.searchRequestMs,
    maxRetries: 0,
  });
}

import type { Client } from '@opensearch-project/opensearch';
import { TIMEOUTS } from '#platform/clients/timeouts.ts';

/**
 * The OpenSearch client for the domain at `endpoint` (https://…), every request SigV4-signed
 * for the `es` service with the function's own role (the default credential chain). Short
 * timeout and no retry of its own: a search that cannot answer quickly falls back to the DynamoDB
 * listings (shared/search/program-search.ts), which is the retry.
 *
 * Loaded on first use, by a dynamic import: only the functions that search or index bundle
 * the client (~290 KB minified); the others mark it external (infra/constructs/bundling.ts).
 */
export async function createOpenSearchClient(endpoint: string, region: string): Promise<Client> {
  const [{ Client }, { AwsSigv4Signer }] = await Promise.all([
    import('@opensearch-project/opensearch'),
    import('@opensearch-project/opensearch/aws-v3'),
  ]);
  return new Client({
    ...AwsSigv4Signer({ region, service: 'es' }),
    node: endpoint,
    requestTimeout: TIMEOUTS.searchRequestMs,
    maxRetries: 0,
  });
}

import { composeAwsNotifier } from '#features/notifications/index.ts';
import { guardAwsClient } from '#platform/clients/guarded-clients.ts';
import { onFirstUse } from '#platform/clients/on-first-use.ts';
import { awsClientConfig } from '#platform/clients/timeouts.ts';
import { envOr, requireEnv } from '#platform/settings/env.ts';
import { ed25519PrivateKey, ed25519PublicKey } from '#platform/settings/key-material.ts';
import { completeCore, type Edges, type Settings } from '#shared/app/compose.ts';
import { assignDescriptors, type CoreEdges, memo } from '#shared/app/compose-hold-path.ts';
import { coreDeps, coreInfrastructure } from '#shared/app/core-container.ts';
import type { Deps } from '#shared/app/deps.ts';
import { coreSettingsFromEnv } from '#shared/app/hold-path-container.ts';
import { alipaySettingsFromEnv } from '#shared/payments/alipay/alipay-config.ts';
import { parseChannels } from '#shared/payments/payment-providers.ts';
import { PAYMENT_CHANNELS } from '#shared/ports/payments.ts';
import type { SearchIndex } from '#shared/ports/search-index.ts';
import { SqsJobQueue } from '#shared/queue/sqs-job-queue.ts';
import { SqsOrderQueue } from '#shared/queue/sqs-order-queue.ts';
import { OpenSearchSearchIndex } from '#shared/search/opensearch-search-index.ts';
import { TicketSigner } from '#shared/tickets/ticket-signer.ts';

/** Settings from the environment: the hot path's (core-container.ts) and the payments'. */
export function settingsFromEnv(): Settings {
  return {
    ...coreSettingsFromEnv(),
    // The sandbox gateway's pay links point at this API.
    publicBaseUrl: () => envOr('PUBLIC_BASE_URL', ''),
    payments: {
      // The stack sets it: "alipay", plus "sandbox" with the sandboxPayments context flag.
      channels: parseChannels(envOr('PAYMENT_CHANNELS', 'sandbox'), PAYMENT_CHANNELS),
      alipay: () => alipaySettingsFromEnv(),
    },
  };
}

/** An SQS client, its package imported on first use (most functions never enqueue). */
const sqsClient = () =>
  onFirstUse(async () =>
    guardAwsClient(new (await import('@aws-sdk/client-sqs')).SQSClient(awsClientConfig()), 'sqs'),
  );

/**
 * The AWS services beside the hot path's (core-container.ts), each built on first use from its
 * environment variables, so functions that never enqueue, search or sign need none of their
 * configuration. Every client has bounded time (awsClientConfig) and its own circuit breaker.
 */
function awsEdges(): Omit<Edges, keyof CoreEdges> {
  return {
    get orderQueue() {
      return memo(this, 'orderQueue', new SqsOrderQueue(sqsClient(), requireEnv('ORDER_QUEUE_URL')));
    },
    get jobQueue() {
      return memo(this, 'jobQueue', new SqsJobQueue(sqsClient(), requireEnv('JOB_QUEUE_URL')));
    },
    get notifier() {
      return memo(
        this,
        'notifier',
        composeAwsNotifier(
          {
            sns: onFirstUse(async () =>
              guardAwsClient(new (await import('@aws-sdk/client-sns')).SNSClient(awsClientConfig()), 'sns'),
            ),
            ses: onFirstUse(async () =>
              guardAwsClient(
                new (await import('@aws-sdk/client-sesv2')).SESv2Client(awsClientConfig()),
                'ses',
              ),
            ),
          },
          process.env.NOTIFY_EMAIL_FROM || undefined,
        ),
      );
    },
    get ticketSigner() {
      return memo(
        this,
        'ticketSigner',
        // The issuer signs (TICKET_SIGNING_KEY, readable by it alone); check-in verifies with
        // the public key (TICKET_PUBLIC_KEY).
        process.env.TICKET_SIGNING_KEY
          ? new TicketSigner(
              ed25519PrivateKey('TICKET_SIGNING_KEY', process.env.TICKET_SIGNING_KEY)
                .export({ type: 'pkcs8', format: 'pem' })
                .toString(),
            )
          : TicketSigner.verifier(ed25519PublicKey('TICKET_PUBLIC_KEY', requireEnv('TICKET_PUBLIC_KEY'))),
      );
    },
    get search(): SearchIndex {
      const endpoint = process.env.OPENSEARCH_ENDPOINT;
      // Without OpenSearch (locally unless overridden), the DynamoDB listings answer.
      const fallback = (this as unknown as Deps).searchFallback;
      return memo(
        this,
        'search',
        endpoint
          ? new OpenSearchSearchIndex(
              async () =>
                (await import('#platform/clients/opensearch.ts')).createOpenSearchClient(
                  endpoint,
                  requireEnv('AWS_REGION'),
                ),
              envOr('SEARCH_INDEX', 'programs'),
            )
          : fallback,
      );
    },
  };
}

let current: Deps | undefined;

/**
 * The process's (Lambda container's) dependencies, composed on first use: the hot path's
 * (coreDeps(), the same object) completed with orders, payments, tickets and the rest.
 */
export function deps(): Deps {
  current ??= completeCore(coreDeps(), coreInfrastructure(), settingsFromEnv(), awsEdges());
  return current;
}

/** The local runtime swaps in its stand-ins (scheduler, bus, search). */
export function overrideDeps(overrides: Partial<Deps>): void {
  // Descriptors, not assignment: the edges are lazy getters.
  assignDescriptors(deps(), overrides);
}

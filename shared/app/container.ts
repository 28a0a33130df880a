import { abuseConfigFromEnv } from '#shared/abuse/abuse-config.ts';
import { assignDescriptors, compose, type Edges, memo, type Settings } from '#shared/app/compose.ts';
import type { Deps } from '#shared/app/deps.ts';
import { createDocumentClient } from '#shared/clients/dynamodb.ts';
import { onFirstUse } from '#shared/clients/on-first-use.ts';
import { redis } from '#shared/clients/redis.ts';
import { awsClientConfig } from '#shared/clients/timeouts.ts';
import { envOr, intEnvOr, requireEnv } from '#shared/config/env.ts';
import {
  accessTokenPrivateKey,
  accessTokenPublicKey,
  ed25519PrivateKey,
  ed25519PublicKey,
} from '#shared/config/key-material.ts';
import { assertKeyBytes, assertStrongSecret } from '#shared/config/secret-strength.ts';
import { EventBridgeEventBus } from '#shared/events/eventbridge-event-bus.ts';
import { ENDED_HOLD_RETENTION_SECONDS } from '#shared/inventory/redis-seat-inventory.ts';
import { AwsNotifier } from '#shared/notifications/aws-notifier.ts';
import { alipaySettingsFromEnv } from '#shared/payments/alipay/alipay-config.ts';
import { parseChannels } from '#shared/payments/payment-providers.ts';
import { PAYMENT_CHANNELS } from '#shared/ports/payments.ts';
import type { SearchIndex } from '#shared/ports/search-index.ts';
import { SqsJobQueue } from '#shared/queue/sqs-job-queue.ts';
import { SqsOrderQueue } from '#shared/queue/sqs-order-queue.ts';
import { guardAwsClient } from '#shared/resilience/guarded-clients.ts';
import { EventBridgeHoldExpiryScheduler } from '#shared/scheduler/eventbridge-hold-expiry-scheduler.ts';
import { OpenSearchSearchIndex } from '#shared/search/opensearch-search-index.ts';
import { TicketSigner } from '#shared/tickets/ticket-signer.ts';

/** A value read and checked once, on first use. */
function readOnce<T>(read: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: read() };
    return value.v;
  };
}

/**
 * Settings from the environment (secrets are put there at cold start: shared/config/secrets.ts).
 * Keys are read and checked on first use: each function's role can read only the secrets it
 * uses (infra/stacks/function-needs.ts), and a placeholder or weak value fails with its name.
 */
export function settingsFromEnv(): Settings {
  return {
    tokenKeys: {
      publicKey: readOnce(() => accessTokenPublicKey('TOKEN_PUBLIC_KEY', requireEnv('TOKEN_PUBLIC_KEY'))),
      privateKey: readOnce(() => accessTokenPrivateKey('TOKEN_SIGNING_KEY', requireEnv('TOKEN_SIGNING_KEY'))),
    },
    gateSecret: readOnce(() => assertStrongSecret('GATE_SECRET', requireEnv('GATE_SECRET'))),
    piiKey: readOnce(() => assertKeyBytes('PII_KEY', requireEnv('PII_KEY'))),
    holdTtlSeconds: intEnvOr('HOLD_TTL_SECONDS', 600),
    endedHoldSeconds: intEnvOr('HOLD_ENDED_RETENTION_SECONDS', ENDED_HOLD_RETENTION_SECONDS),
    orderMaxAgeSeconds: intEnvOr('ORDER_MAX_AGE_SECONDS', 120),
    paymentSecret: () => assertStrongSecret('PAYMENT_PROVIDER_SECRET', requireEnv('PAYMENT_PROVIDER_SECRET')),
    // The sandbox gateway's pay links point at this API.
    publicBaseUrl: () => envOr('PUBLIC_BASE_URL', ''),
    payments: {
      // The stack sets it: "alipay", plus "sandbox" with the sandboxPayments context flag.
      channels: parseChannels(envOr('PAYMENT_CHANNELS', 'sandbox'), PAYMENT_CHANNELS),
      alipay: () => alipaySettingsFromEnv(),
    },
    abuse: abuseConfigFromEnv(),
    checkIn: {
      opensHoursBefore: intEnvOr('CHECK_IN_OPENS_HOURS_BEFORE', 4),
      // Sessions carry a start time only; the gates stay open this long after it.
      closesHoursAfter: intEnvOr('CHECK_IN_CLOSES_HOURS_AFTER', 6),
    },
  };
}

/** An SQS client, its package imported on first use (most functions never enqueue). */
const sqsClient = () =>
  onFirstUse(async () =>
    guardAwsClient(new (await import('@aws-sdk/client-sqs')).SQSClient(awsClientConfig()), 'sqs'),
  );

/**
 * The AWS services, each built on first use from its environment variables, so functions
 * that never schedule, publish, enqueue, search or sign need none of their configuration.
 * Every client has bounded time (awsClientConfig) and its own circuit breaker.
 */
function awsEdges(): Edges {
  return {
    get scheduler() {
      return memo(
        this,
        'scheduler',
        // Functions that only cancel schedules have the group and no target (function-needs.ts).
        new EventBridgeHoldExpiryScheduler(
          onFirstUse(async () =>
            guardAwsClient(
              new (await import('@aws-sdk/client-scheduler')).SchedulerClient(awsClientConfig()),
              'scheduler',
            ),
          ),
          {
            groupName: requireEnv('SCHEDULER_GROUP'),
            targetArn: envOr('RELEASE_FUNCTION_ARN', ''),
            roleArn: envOr('SCHEDULER_ROLE_ARN', ''),
            deadLetterArn: envOr('SCHEDULE_DLQ_ARN', ''),
          },
        ),
      );
    },
    get events() {
      return memo(
        this,
        'events',
        new EventBridgeEventBus(
          onFirstUse(async () =>
            guardAwsClient(
              new (await import('@aws-sdk/client-eventbridge')).EventBridgeClient(awsClientConfig()),
              'eventbridge',
            ),
          ),
          requireEnv('EVENT_BUS_NAME'),
        ),
      );
    },
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
        new AwsNotifier(
          onFirstUse(async () =>
            guardAwsClient(new (await import('@aws-sdk/client-sns')).SNSClient(awsClientConfig()), 'sns'),
          ),
          onFirstUse(async () =>
            guardAwsClient(new (await import('@aws-sdk/client-sesv2')).SESv2Client(awsClientConfig()), 'ses'),
          ),
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
                (await import('#shared/clients/opensearch.ts')).createOpenSearchClient(
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

/** The process's (Lambda container's) dependencies, composed on first use. */
export function deps(): Deps {
  current ??= compose(
    { redis: redis(), db: createDocumentClient(), table: requireEnv('TABLE_NAME') },
    settingsFromEnv(),
    awsEdges(),
  );
  return current;
}

/** The local runtime swaps in its stand-ins (scheduler, bus, search). */
export function overrideDeps(overrides: Partial<Deps>): void {
  // Descriptors, not assignment: the edges are lazy getters.
  assignDescriptors(deps(), overrides);
}

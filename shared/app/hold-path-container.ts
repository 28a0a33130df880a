import { abuseConfigFromEnv } from '#features/abuse/index.ts';
import { createDocumentClient } from '#platform/clients/dynamodb.ts';
import { guardAwsClient } from '#platform/clients/guarded-clients.ts';
import { onFirstUse } from '#platform/clients/on-first-use.ts';
import { redis } from '#platform/clients/redis.ts';
import { loadSecrets } from '#platform/clients/secrets.ts';
import { awsClientConfig } from '#platform/clients/timeouts.ts';
import { envOr, intEnvOr, requireEnv } from '#platform/settings/env.ts';
import { accessTokenPrivateKey, accessTokenPublicKey } from '#platform/settings/key-material.ts';
import { assertKeyBytes, assertStrongSecret } from '#platform/settings/secret-strength.ts';
import {
  type CoreEdges,
  type CoreSettings,
  composeHoldPath,
  type Infrastructure,
  memo,
} from '#shared/app/compose-hold-path.ts';
import type { HoldPathDeps } from '#shared/app/deps.ts';
import { DEFAULT_HOLD_TTL_SECONDS } from '#shared/booking/hold-policy.ts';
import { EventBridgeEventBus } from '#shared/events/eventbridge-event-bus.ts';
import { ENDED_HOLD_RETENTION_SECONDS } from '#shared/inventory/redis-seat-inventory.ts';
import { EventBridgeHoldExpiryScheduler } from '#shared/scheduler/eventbridge-hold-expiry-scheduler.ts';

/** A value read and checked once, on first use. */
function readOnce<T>(read: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: read() };
    return value.v;
  };
}

/**
 * The hot path's settings from the environment (secrets are put there at cold start:
 * platform/clients/secrets.ts). Keys are read and checked on first use: each function's role can
 * read only the secrets it uses (infra/stacks/function-needs.ts), and a placeholder or weak
 * value fails with its name.
 */
export function coreSettingsFromEnv(): CoreSettings {
  return {
    tokenKeys: {
      publicKey: readOnce(() => accessTokenPublicKey('TOKEN_PUBLIC_KEY', requireEnv('TOKEN_PUBLIC_KEY'))),
      privateKey: readOnce(() => accessTokenPrivateKey('TOKEN_SIGNING_KEY', requireEnv('TOKEN_SIGNING_KEY'))),
    },
    gateSecret: readOnce(() => assertStrongSecret('GATE_SECRET', requireEnv('GATE_SECRET'))),
    piiKey: readOnce(() => assertKeyBytes('PII_KEY', requireEnv('PII_KEY'))),
    holdTtlSeconds: intEnvOr('HOLD_TTL_SECONDS', DEFAULT_HOLD_TTL_SECONDS),
    endedHoldSeconds: intEnvOr('HOLD_ENDED_RETENTION_SECONDS', ENDED_HOLD_RETENTION_SECONDS),
    orderMaxAgeSeconds: intEnvOr('ORDER_MAX_AGE_SECONDS', 120),
    // Two days after the show: refunds, check-in stragglers and reconcile are done by then.
    sessionDataGraceSeconds: intEnvOr('SESSION_DATA_GRACE_SECONDS', 2 * 24 * 3_600),
    paymentSecret: () => assertStrongSecret('PAYMENT_PROVIDER_SECRET', requireEnv('PAYMENT_PROVIDER_SECRET')),
    abuse: abuseConfigFromEnv(),
    checkIn: {
      opensHoursBefore: intEnvOr('CHECK_IN_OPENS_HOURS_BEFORE', 4),
      // Sessions carry a start time only; the gates stay open this long after it.
      closesHoursAfter: intEnvOr('CHECK_IN_CLOSES_HOURS_AFTER', 6),
    },
  };
}

/**
 * The hot path's AWS services, each built on first use from its environment variables (a
 * function that never schedules needs no scheduler configuration), its SDK package imported
 * then too. Every client has bounded time (awsClientConfig) and its own circuit breaker.
 */
function coreAwsEdges(): CoreEdges {
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
  };
}

interface HoldPathContainer {
  deps: HoldPathDeps;
  infra: Infrastructure;
  settings: CoreSettings;
}

let current: HoldPathContainer | undefined;

/** The hold path's composition and what it was built on, composed on first use. */
export function holdPathContainer(): HoldPathContainer {
  if (!current) {
    const infra = { redis: redis(), db: createDocumentClient(), table: requireEnv('TABLE_NAME') };
    const settings = coreSettingsFromEnv();
    current = { infra, settings, deps: composeHoldPath(infra, settings, coreAwsEdges()) };
  }
  return current;
}

/**
 * The process's (Lambda container's) hold-path dependencies: what the hold functions, the
 * waiting room's poll and the HTTP middleware use. Their bundles import this module only;
 * `coreDeps()` (core-container.ts) and `deps()` (container.ts) complete this same object.
 */
export function holdPathDeps(): HoldPathDeps {
  return holdPathContainer().deps;
}

/**
 * What a hot-path function's first request would otherwise do before its own work (for
 * `primeAtInit`): its secrets read, its container composed (`holdPathDeps`, or the fuller
 * `coreDeps`/`deps` of the functions that use those), the Redis connection open, the
 * token-verifying key parsed.
 */
export async function primeHotPath(container: () => HoldPathDeps = holdPathDeps): Promise<void> {
  await loadSecrets();
  const d = container();
  d.tokens.loadVerifyingKey();
  await d.health.redis?.();
}

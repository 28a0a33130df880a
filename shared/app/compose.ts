import { composeAccounts, TokenIssuer } from '#features/users/index.ts';
import { composeVouchers } from '#features/vouchers/index.ts';
import { composeWaitlist } from '#features/waitlist/index.ts';
import { DomainError } from '#kernel/errors.ts';
import { logger } from '#kernel/observability/logger.ts';
import { composeCore } from '#shared/app/compose-core.ts';
import {
  assignDescriptors,
  type CoreEdges,
  type CoreSettings,
  type Infrastructure,
} from '#shared/app/compose-hold-path.ts';
import type { CoreDeps, CoreKey, Deps } from '#shared/app/deps.ts';
import { programFollowers } from '#shared/app/program-followers.ts';
import { holdsForWaitlist, sessionsForWaitlist } from '#shared/app/waitlist-adapters.ts';
import { OrderNumberGenerator, WorkerIdLease } from '#shared/orders/order-number.ts';
import { PendingOrders } from '#shared/orders/pending-orders.ts';
import type { AlipaySettings } from '#shared/payments/alipay/alipay-provider.ts';
import { paymentProviders } from '#shared/payments/payment-providers.ts';
import { SandboxPaymentProvider } from '#shared/payments/sandbox-provider.ts';
import type { PaymentChannel, PaymentProvider } from '#shared/ports/payments.ts';
import { DynamoDbIdempotencyStore } from '#shared/records/dynamodb-idempotency.ts';
import { DynamoDbOrderRecords } from '#shared/records/dynamodb-orders.ts';
import { DynamoDbPaymentRecords } from '#shared/records/dynamodb-payments.ts';
import { DynamoDbTicketRecords } from '#shared/records/dynamodb-tickets.ts';
import { ListingSearchIndex } from '#shared/search/listing-search-index.ts';

/** The values the product is configured with (environment and secrets in AWS, options locally). */
export interface Settings extends CoreSettings {
  /** Where the sandbox gateway's pay links point (this API). */
  publicBaseUrl: () => string;
  payments: {
    channels: readonly PaymentChannel[];
    /** Read when the first Alipay payment is made or checked (credentials from Secrets Manager). */
    alipay: () => AlipaySettings;
  };
}

/** What differs by where the product runs: AWS services in Lambda, stand-ins locally and in tests. */
export type Edges = CoreEdges &
  Pick<Deps, 'orderQueue' | 'jobQueue' | 'search' | 'ticketSigner' | 'notifier'>;

/**
 * The one composition function: the Redis and DynamoDB adapters and the in-process services
 * built on `infra` and `settings`, plus the environment's `edges` (their getters stay lazy,
 * so a function that never schedules needs no scheduler configuration). `overrides` replace
 * any part (tests: a recording queue, a settable clock).
 */
export function compose(
  infra: Infrastructure,
  settings: Settings,
  edges: Edges,
  overrides: Partial<Deps> = {},
): Deps {
  return assignDescriptors(
    completeCore(composeCore(infra, settings, edges), infra, settings, edges),
    overrides,
  );
}

/**
 * Builds everything the hot path's part (composeCore) leaves out onto that same object:
 * orders, payments, tickets, vouchers, the waitlist, search, and their AWS services.
 */
export function completeCore(
  core: CoreDeps,
  infra: Infrastructure,
  settings: Pick<Settings, 'publicBaseUrl' | 'payments' | 'tokenKeys'>,
  edges: Omit<Edges, keyof CoreEdges>,
): Deps {
  const { redis, db, table } = infra;
  const rest: Omit<Deps, CoreKey | keyof Edges> = {
    // Replaces the core's read-only orders: same table, every operation.
    orders: new DynamoDbOrderRecords(db, table),
    ...composeAccounts(infra),
    tokenIssuer: new TokenIssuer(settings.tokenKeys.privateKey),
    ...composeVouchers({ db, table }),
    idempotency: new DynamoDbIdempotencyStore(db, table),
    orderNumbers: new OrderNumberGenerator(new WorkerIdLease(redis)),
    pendingOrders: new PendingOrders(redis),
    payments: new DynamoDbPaymentRecords(db, table),
    paymentProviders: paymentProviders(settings.payments.channels, {
      sandbox: () => new SandboxPaymentProvider(redis, settings.publicBaseUrl),
      // Imported on first use: functions that never touch Alipay never load its SDK.
      alipay: () => lazyAlipay(settings.payments.alipay),
    }),
    tickets: new DynamoDbTicketRecords(db, table),
    searchFallback: new ListingSearchIndex(() => core.listings.listListings(), core.clock),
    ...composeWaitlist({ db, table, redis }),
    // `core` becomes the whole container below (the same object, completed in place).
    waitlistSessions: sessionsForWaitlist(() => core),
    waitlistHolds: holdsForWaitlist(() => core as unknown as Deps),
    programFollowers: programFollowers(() => core as unknown as Deps),
  };
  return assignDescriptors(assignDescriptors(core, rest), edges) as Deps;
}

/**
 * The Alipay adapter, its SDK loaded on first call: most functions compose payments without
 * ever paying, and `alipay-sdk` with its HTTP client is the heaviest module the product has.
 */
function lazyAlipay(settings: () => AlipaySettings): PaymentProvider {
  let loaded: Promise<PaymentProvider> | undefined;
  const provider = () =>
    (loaded ??= import('#shared/payments/alipay/alipay-provider.ts').then((m) => {
      try {
        return m.newAlipayProvider(settings());
      } catch (cause) {
        loaded = undefined; // the next call reads the settings again
        // An operator's job (the Alipay secret), not the buyer's: 503, and the reason logged.
        logger.error('Alipay is not configured', { error: cause as Error });
        throw new DomainError('UNAVAILABLE', 'Payments by Alipay are not configured here yet', undefined, {
          cause,
          retryAfterSeconds: 300,
        });
      }
    }));
  return {
    channel: 'alipay',
    create: async (p) => (await provider()).create(p),
    query: async (id) => (await provider()).query(id),
    refund: async (p) => (await provider()).refund(p),
    close: async (id) => (await provider()).close(id),
    checkNotify: async (fields) => (await provider()).checkNotify!(fields),
  };
}

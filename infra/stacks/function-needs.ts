import type { Needs } from '#platform/needs.ts';
import {
  type BackgroundFunction,
  FEATURE_NEEDS,
  type FeatureFunction,
  type FunctionName,
} from '../../app/registry.ts';
import type { BundleNeeds } from '../constructs/bundling.ts';

export type AnyFunction = FunctionName | BackgroundFunction;

/** Background functions, and routes not yet declared in a feature module (those declare their own). */
const UNMOVED_NEEDS: Record<Exclude<AnyFunction, FeatureFunction>, Needs> = {
  // Generates the keys into their secrets and seeds the categories and the first admin.
  bootstrap: { table: 'readWrite', firstDeploy: true },
  health: { table: 'describe' },
  'categories-list': { table: 'read' },
  'cities-list': { table: 'read' },
  'programs-get': { table: 'read', secrets: ['pii'] },
  // Search reads OpenSearch, and the DynamoDB listings when OpenSearch fails.
  'programs-search': { table: 'read', search: 'read' },
  home: { table: 'read', search: 'read' },
  // The seat map reads Redis, and the session from the table before it opens: never writes.
  'seat-map': { table: 'read' },
  'sessions-get': { table: 'read' },
  // A cold buyer cache is refilled from the table (read); holds themselves live in Redis.
  'holds-create': { table: 'read', scheduler: true, secrets: ['gate', 'pii'] },
  'holds-get': { table: 'none' },
  'holds-delete': { table: 'none', scheduler: true, events: true },
  'orders-create': { table: 'readWrite', queueSend: true, scheduler: true, secrets: ['gate', 'pii'] },
  'orders-list': { table: 'read' },
  'orders-get': { table: 'read' },
  'orders-cancel': { table: 'readWrite', scheduler: true, events: true, payments: true },
  'payments-create': { table: 'readWrite', payments: true },
  'payments-callback': {
    table: 'readWrite',
    scheduler: true,
    events: true,
    payments: true,
    secrets: ['sandboxCallback'],
  },
  // A late notify's refund goes out through Alipay from here (its credentials: the payment secret).
  'payments-alipay-notify': { table: 'readWrite', scheduler: true, events: true, payments: true },
  'orders-payment-check': { table: 'readWrite', scheduler: true, events: true, payments: true },
  'orders-refund': { table: 'readWrite', events: true, payments: true },
  'orders-tickets': { table: 'read' },
  'tickets-check-in': { table: 'readWrite', ticketVerify: true },
  'admin-programs-create': { table: 'readWrite', search: 'readWrite' },
  'admin-sessions-open': { table: 'readWrite', search: 'readWrite' },
  // Edits and closing update the records, Redis's sale window and the listing.
  'admin-programs-patch': { table: 'readWrite', search: 'readWrite' },
  'admin-sessions-patch': { table: 'readWrite', search: 'readWrite' },
  'admin-sessions-close': { table: 'readWrite', search: 'readWrite' },
  // Marks the session cancelling, unlists it and queues the job's first step.
  'admin-sessions-cancel': { table: 'readWrite', search: 'readWrite', jobSend: true },
  'admin-sessions-stats': { table: 'read' },
  // Reads seat states (consistent reads); repairs write Redis only, never the durable record.
  'admin-sessions-reconcile': { table: 'read' },
  // Organiser jobs. The cancel job: cancels unpaid orders (closing their trades), refunds paid
  // ones through the provider, voids tickets, tells buyers (events), drops expiry schedules. The
  // reindex: reads the listings and programs, puts listings in DynamoDB and the search index.
  // Each queues its next step.
  'organiser-jobs': {
    table: 'readWrite',
    events: true,
    scheduler: 'cancel',
    payments: true,
    jobSend: true,
    search: 'readWrite',
  },
  // Starts a search reindex (its progress record, the job's first step); reads its progress.
  'admin-search-reindex': { table: 'readWrite', jobSend: true },
  'admin-search-reindex-get': { table: 'read' },
  // Expiry asks the provider first; a payment it took makes the order paid (expiry schedule dropped).
  'hold-release': { table: 'readWrite', events: true, scheduler: 'cancel', payments: true },
  'hold-sweeper': { table: 'readWrite', events: true, scheduler: 'cancel', payments: true },
  // Pays (seats SOLD, OrderPaid, the expiry schedule dropped) or refunds what the provider says.
  'payment-reconciler': { table: 'readWrite', events: true, scheduler: 'cancel', payments: true },
  // Reads the durable seat states; repairs go to Redis only.
  'drift-watch': { table: 'read' },
  'order-writer': { table: 'readWrite', events: true },
  // Reads the table's stream (its event source grants that) and puts events on the bus: no table access.
  'outbox-relay': { table: 'none', events: true },
  'ticket-issuer': { table: 'readWrite', events: true, secrets: ['ticketSigning'] },
  // Reads the buyer's contact; sends SMS (SNS) and email (SES).
  // The waiting room lives in Redis; only the admin's settings are kept in the table.
};

/** What each function may touch. The stateless stack grants exactly this, nothing more. */
export const NEEDS: Record<AnyFunction, Needs> = { ...UNMOVED_NEEDS, ...FEATURE_NEEDS };

/** What a function's bundle must carry beyond its own code (infra/constructs/bundling.ts). */
export function bundleNeedsOf(name: AnyFunction): BundleNeeds {
  const needs = NEEDS[name];
  return { payments: needs.payments === true, search: needs.search !== undefined };
}

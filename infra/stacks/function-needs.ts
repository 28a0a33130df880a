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
  // Expiry asks the provider first; a payment it took makes the order paid (expiry schedule dropped).
  'hold-release': { table: 'readWrite', events: true, scheduler: 'cancel', payments: true },
  'order-writer': { table: 'readWrite', events: true },
  // Reads the table's stream (its event source grants that) and puts events on the bus: no table access.
  'outbox-relay': { table: 'none', events: true },
};

/** What each function may touch. The stateless stack grants exactly this, nothing more. */
export const NEEDS: Record<AnyFunction, Needs> = { ...UNMOVED_NEEDS, ...FEATURE_NEEDS };

/** What a function's bundle must carry beyond its own code (infra/constructs/bundling.ts). */
export function bundleNeedsOf(name: AnyFunction): BundleNeeds {
  const needs = NEEDS[name];
  return { payments: needs.payments === true, search: needs.search !== undefined };
}

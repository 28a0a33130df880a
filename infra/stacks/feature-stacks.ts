import {
  FEATURE_JOBS,
  FEATURE_OF_FUNCTION,
  FEATURE_ROUTES,
  FEATURES,
  type FeatureFunction,
  type FeatureName,
} from '../../app/registry.ts';
import type { AnyFunction } from './function-needs.ts';

/**
 * The API stack's nested stacks, one per group of features: each holds its functions with
 * their versions, `live` aliases, routes, triggers, alarms and deployment groups. CloudFormation
 * allows 500 resources per stack; a function with a route is about 14 of them, so one stack
 * could not hold the product (test/infra/stack-limits.test.ts keeps every stack under 400).
 */
export const FEATURE_STACKS = {
  Accounts: 'Accounts: registration, sign-in, the buyer list, captcha, health',
  Catalogue: 'Catalogue: programs, search, the home page, sessions, seat maps',
  Booking: 'Booking: holds, their expiry and sweep, the waiting room, the waitlist',
  Orders: 'Orders: the V4 order path, its writer, tickets and check-in, buyer notifications',
  Payments: 'Payments: pay links, provider notifies, payment checks, refunds, the payment reconciler',
  Organiser: "Organiser: programs and sessions, vouchers, the waiting room's settings, cancel, reconcile",
} as const;

export type FeatureStackName = keyof typeof FEATURE_STACKS;

/**
 * Which nested stack each function lives in. `bootstrap` stays in the API stack itself: the
 * first-deploy custom resource there runs it, and every other stack takes the public keys it
 * answers with. No feature stack may need another's function except Booking's hold release
 * (the Scheduler's target, whose ARN the schedule creators carry): dependencies between nested
 * stacks must not form a cycle.
 */
const UNMOVED_FEATURE_OF: Record<Exclude<AnyFunction, 'bootstrap' | FeatureFunction>, FeatureStackName> = {
  'hold-release': 'Booking',
  'order-writer': 'Orders',
  'outbox-relay': 'Orders',
  'organiser-jobs': 'Organiser',
};

/**
 * A feature module's functions deploy in the stack the feature names (its `index.ts`), except
 * its organisers' routes (`auth: 'admin'`): those are the Organiser stack's, whatever the feature;
 * a job may name another stack (`stack`).
 */
const STACK_OF_FEATURE: { [F in FeatureName]: FeatureStackName } = Object.fromEntries(
  Object.entries(FEATURES).map(([feature, f]) => [feature, f.stack]),
) as { [F in FeatureName]: (typeof FEATURES)[F]['stack'] };

export const FEATURE_OF: Record<Exclude<AnyFunction, 'bootstrap'>, FeatureStackName> = {
  ...UNMOVED_FEATURE_OF,
  ...(Object.fromEntries(
    Object.entries(FEATURE_OF_FUNCTION).map(([fn, { feature }]) => [
      fn,
      (FEATURE_ROUTES as Record<string, { auth: string }>)[fn]?.auth === 'admin'
        ? 'Organiser'
        : ((FEATURE_JOBS as Record<string, { stack?: FeatureStackName }>)[fn]?.stack ??
          STACK_OF_FEATURE[feature]),
    ]),
  ) as Record<FeatureFunction, FeatureStackName>),
};

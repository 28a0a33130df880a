import type { Context } from 'aws-lambda';
import type { DomainEvent, EventType } from '#kernel/events.ts';
import type { OnMalformed } from '#platform/lambda/message-handlers.ts';
import type { Needs } from '#platform/needs.ts';

/**
 * A background function that a feature declares beside its code, as routes are: what starts
 * it (here a rule on the domain event bus), what its function may touch, and what it does
 * with the container it names (`D`). The registry (app/registry.ts) hands the trigger to the
 * CDK stack and the local runtime, the needs to the IAM grants; the function's entry
 * (generated, `npm run functions`) binds it to a container.
 */
export interface BusJobDefinition<K extends EventType, D, R> {
  kind: 'bus';
  /** The event types its rule matches; each detail is parsed with its event's schema. */
  detailTypes: readonly K[];
  /** A detail that does not parse: logged and dropped, or thrown to be retried into the DLQ. */
  malformed: OnMalformed;
  retryAttempts: number;
  ruleId: string;
  reservedConcurrency: number;
  summary: string;
  needs: Needs;
  run: (event: Extract<DomainEvent, { type: K }>, deps: D) => Promise<R>;
}

/** Declares a bus job (see BusJobDefinition); a feature writes the call `/* @__PURE__ *\/ defineBusJob(...)`. */
// @__NO_SIDE_EFFECTS__
export function defineBusJob<K extends EventType, D, R>(
  job: BusJobDefinition<K, D, R>,
): BusJobDefinition<K, D, R> {
  return job;
}

/**
 * A background function run at a fixed rate (an EventBridge rule; locally an interval), declared
 * beside its code like a bus job. `run` gets the Lambda context (a job that works in passes
 * watches its remaining time) and the container it names.
 */
export interface RateJobDefinition<D, R> {
  kind: 'schedule';
  everySeconds: number;
  ruleId: string;
  reservedConcurrency: number;
  summary: string;
  /** Longer than the default 10 s: a run that works in several passes. */
  timeoutSeconds?: number;
  /** `core`: the hot path's container (shared/app/core-container.ts) instead of the whole one. */
  container?: 'core';
  /** The nested stack it deploys in when not its feature's (infra/stacks/feature-stacks.ts). */
  stack?: 'Organiser';
  needs: Needs;
  run: (context: Context, deps: D) => Promise<R>;
}

/** Declares a rate job (see RateJobDefinition); a feature writes the call `/* @__PURE__ *\/ defineRateJob(...)`. */
// @__NO_SIDE_EFFECTS__
export function defineRateJob<D, R>(job: RateJobDefinition<D, R>): RateJobDefinition<D, R> {
  return job;
}

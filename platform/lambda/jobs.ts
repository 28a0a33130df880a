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

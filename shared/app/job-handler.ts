import type { Context } from 'aws-lambda';
import type { EventType } from '#kernel/events.ts';
import { withSecrets } from '#platform/clients/secrets.ts';
import type { BusJobDefinition, RateJobDefinition } from '#platform/lambda/jobs.ts';
import { eventHandler } from '#platform/lambda/message-handlers.ts';

/** A feature's bus job as a Lambda handler: its events parsed, then `run` with the container. */
export function busJobHandler<K extends EventType, D, R>(
  name: string,
  job: BusJobDefinition<K, D, R>,
  container: () => D,
) {
  return eventHandler(name, job.detailTypes, (event) => job.run(event, container()), {
    malformed: job.malformed,
  });
}

/** A feature's rate job as a Lambda handler: the secrets read, then `run` with the context and the container. */
export function rateJobHandler<D, R>(job: RateJobDefinition<D, R>, container: () => D) {
  return withSecrets(async (_event: unknown, context: Context) => job.run(context, container()));
}

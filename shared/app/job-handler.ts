import type { EventType } from '#kernel/events.ts';
import type { BusJobDefinition } from '#platform/lambda/jobs.ts';
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

import type { TestProject } from 'vitest/node';
import { startServers } from './global-setup.ts';

/** The `cluster` project (vitest.config.ts): the same suites on a 3-master Redis Cluster. */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return startServers(project, 'cluster');
}

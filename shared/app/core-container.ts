import { completeHoldPath } from '#shared/app/compose-core.ts';
import type { Infrastructure } from '#shared/app/compose-hold-path.ts';
import type { CoreDeps } from '#shared/app/deps.ts';
import { holdPathContainer } from '#shared/app/hold-path-container.ts';

let current: CoreDeps | undefined;

/**
 * The process's (Lambda container's) hot-path dependencies, composed on first use: the hold
 * path's (hold-path-container.ts, the same object) completed with the catalogue's cached reads
 * and the captcha. Functions that need only these import this module, not container.ts, and
 * their bundles stay small; where more is used (the local runtime) `deps()` completes this
 * same object again.
 */
export function coreDeps(): CoreDeps {
  if (!current) {
    const { deps, infra, settings } = holdPathContainer();
    current = completeHoldPath(deps, infra, settings);
  }
  return current;
}

/** The connections coreDeps() was built on, for container.ts to build the rest on. */
export function coreInfrastructure(): Infrastructure {
  return holdPathContainer().infra;
}

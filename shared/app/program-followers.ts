import type { ProgramFollowers } from '#features/sessions/index.ts';
import type { Deps } from '#shared/app/deps.ts';
import { forgetShows } from '#shared/orders/order-show.ts';
import { indexProgram } from '#shared/search/index-program.ts';

/**
 * What follows a program's change outside the sessions feature: its search listing (the
 * durable copy, the index, the city picker) and the show line this container's order views
 * keep. `d` is the container, read when called.
 */
export function programFollowers(
  d: () => Pick<Deps, 'catalogue' | 'catalogueReads' | 'clock' | 'search' | 'listings'>,
): ProgramFollowers {
  return {
    list: (program) => indexProgram(d(), program),
    edited: () => forgetShows(),
  };
}

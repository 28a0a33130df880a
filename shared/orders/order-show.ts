import QuickLRU from 'quick-lru';
import type { Deps } from '#shared/app/deps.ts';

/** What an order or a ticket says about its show (docs/API.md: `show`). */
export interface Show {
  programId: string;
  title: string;
  venue: string;
  city: string;
  startsAt: string;
}

/**
 * Shows by session, per container: an order list of 100 orders reads each of its few
 * sessions once a minute, not 100 times. An organiser's edit reaches it within that minute
 * (`forgetShows` in the container that made the edit).
 */
const shows = new QuickLRU<string, { show: Show | null }>({ maxSize: 5_000, maxAge: 60_000 });

export function forgetShows(): void {
  shows.clear();
}

export async function showOf(d: Pick<Deps, 'catalogue'>, sessionId: string): Promise<Show | null> {
  const cached = shows.get(sessionId);
  if (cached) return cached.show;
  const session = await d.catalogue.getSession(sessionId);
  const program = session ? await d.catalogue.getProgram(session.programId) : undefined;
  const show =
    session && program
      ? {
          programId: program.programId,
          title: program.title,
          venue: program.venue,
          city: program.city,
          startsAt: session.startsAt,
        }
      : null;
  shows.set(sessionId, { show });
  return show;
}

/** An order's view with its show. */
export async function withShow<T extends { sessionId: string }>(
  d: Pick<Deps, 'catalogue'>,
  view: T,
): Promise<T & { show: Show | null }> {
  return { ...view, show: await showOf(d, view.sessionId) };
}

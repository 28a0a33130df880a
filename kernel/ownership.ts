import { notFound } from '#kernel/errors.ts';
import type { Principal } from '#kernel/principal.ts';

/**
 * The caller's own record, or 404: another user's order, hold or entry is "not found",
 * never "forbidden", so its existence is not disclosed.
 */
export function ownedBy<T extends { userId: string }>(
  principal: Principal,
  record: T | null | undefined,
  what: string,
): T {
  if (!record || record.userId !== principal.userId) throw notFound(what);
  return record;
}

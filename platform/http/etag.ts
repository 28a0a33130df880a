import { createHash } from 'node:crypto';

/**
 * Entity tags for representations clients poll (the seat map during an on-sale): a strong tag
 * from the content's hash, with the content coding in it (RFC 9110 §8.8.3: a gzip body is a
 * different representation), compared weakly for If-None-Match as §13.1.2 says.
 */
export function etagOf(json: string, coding: 'identity' | 'gzip'): string {
  const hash = createHash('sha1').update(json).digest('base64url').slice(0, 22);
  return coding === 'gzip' ? `"${hash}-gz"` : `"${hash}"`;
}

/** The opaque part, without `W/` and the coding suffix: what weak comparison compares. */
const opaque = (tag: string) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '').replace(/-gz$/, '');

/** Whether an If-None-Match header names this representation (or is `*`): answer 304. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const mine = opaque(etag);
  return ifNoneMatch.split(',').some((t) => opaque(t) === mine);
}

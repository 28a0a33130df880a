/** Catalogue records read through the shared cache (program detail, session data). */
export type CachedKind = 'program' | 'session' | 'listings';
/** The kinds with a record copy (the listings have a version stamp only). */
export type RecordKind = Exclude<CachedKind, 'listings'>;

/** A record's shared copy and the version stamp it was read at (`null`: known not to exist). */
export interface CachedCopy<T> {
  version: number;
  record: T | null;
}

/**
 * The shared level of the catalogue's read path (Redis): per record a version stamp that
 * every organiser change bumps, the last copy read from DynamoDB tagged with the stamp it was
 * read at, and a rebuild lock so that one container in all of them reads DynamoDB.
 */
export interface CatalogueCache {
  /** The record's version stamp (0 until its first change). */
  version(kind: CachedKind, id: string): Promise<number>;
  copy<T>(kind: CachedKind, id: string): Promise<CachedCopy<T> | undefined>;
  putCopy<T>(kind: CachedKind, id: string, copy: CachedCopy<T>): Promise<void>;
  /** True for the one caller that may rebuild the copy now (for `ttlMs` at most). */
  lock(kind: CachedKind, id: string, ttlMs: number): Promise<boolean>;
  unlock(kind: CachedKind, id: string): Promise<void>;
  /** After an organiser's change: a new stamp (every container's copy is now old) and the copy dropped. */
  bump(kind: CachedKind, id: string): Promise<void>;
}

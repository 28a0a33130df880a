/**
 * Which ids exist, as a Bloom filter: "no" is certain, "yes" is probably (about 1 % false
 * positives at capacity). Lets requests for ids that never existed be answered without a
 * database read.
 */
export interface IdFilter {
  add(ids: string[]): Promise<void>;
  mightContain(id: string): Promise<boolean>;
  /** Whether the filter holds every id (it was fully built since Redis last lost it). */
  isComplete(): Promise<boolean>;
  markComplete(): Promise<void>;
  /** One rebuilder at a time across containers. */
  tryLockRebuild(ttlSeconds: number): Promise<boolean>;
}

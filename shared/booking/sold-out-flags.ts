/**
 * In-process "this tier has no seats left" flags, per session and tier, that expire after
 * a short time. In the on-sale minute nearly every request arrives after a tier sold out;
 * a flag lets this Lambda container answer SOLD_OUT without a Redis round trip. The Lua
 * script stays the judge: a flag only ever turns a request away, never grants a seat, and
 * a seat freed by a release is offered again once the flag expires (ttlMs later at most).
 */
export class SoldOutFlags {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ttlMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  private key(sessionId: string, tierId: string): string {
    return `${sessionId}|${tierId}`;
  }

  mark(sessionId: string, tierId: string): void {
    if (this.until.size > 10_000) this.until.clear(); // bounded: a few hot sessions at a time
    this.until.set(this.key(sessionId, tierId), this.now() + this.ttlMs);
  }

  isSoldOut(sessionId: string, tierId: string): boolean {
    const key = this.key(sessionId, tierId);
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(key);
    return false;
  }
}

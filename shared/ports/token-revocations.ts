/** Logged-out tokens, by token id, until they would have expired anyway. */
export interface TokenRevocationList {
  revoke(tokenId: string, expiresAtSec: number, nowMs?: number): Promise<void>;
  isRevoked(tokenId: string): Promise<boolean>;
}

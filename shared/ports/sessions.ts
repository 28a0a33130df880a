/** Logged-out tokens, by token id, until they would have expired anyway. */
export interface TokenRevocationList {
  revoke(tokenId: string, expiresAtSec: number, nowMs?: number): Promise<void>;
  isRevoked(tokenId: string): Promise<boolean>;
}

/** Dependency probes for /health: each answers true when its dependency does. */
export type HealthProbes = Record<string, () => Promise<boolean>>;

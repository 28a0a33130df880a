import { type KeyObject, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { accessTokenAlg } from '#shared/config/key-material.ts';
import { DomainError } from '#shared/errors/domain-error.ts';

export type Role = 'user' | 'staff' | 'admin';
export const ROLES: readonly Role[] = ['user', 'staff', 'admin'];

export interface Principal {
  userId: string;
  role: Role;
  tokenId: string;
  expiresAtSec: number;
}

const ISSUER = 'ticketing';
const AUDIENCE = 'ticketing-api';

/** The token keys, read when first needed: only the login function can read the private one. */
export interface TokenKeys {
  publicKey: () => KeyObject;
  privateKey: () => KeyObject;
}

/**
 * Issues and verifies access tokens (JWT, jose): RS256 with the RSA key deployments generate,
 * EdDSA with an Ed25519 key generated before (the algorithm follows the key; the verifier
 * accepts only its own key's). Verification is local (no I/O) and needs only the public key,
 * so the routes that verify never hold what signs.
 */
export class TokenService {
  constructor(
    private readonly keys: TokenKeys,
    private readonly ttlSeconds = 7200,
  ) {}

  async issue(userId: string, role: Role, nowMs = Date.now()): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + this.ttlSeconds;
    const key = this.keys.privateKey();
    const token = await new SignJWT({ role })
      .setProtectedHeader({ alg: accessTokenAlg(key) })
      .setSubject(userId)
      .setJti(randomUUID())
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Parses the verifying key now (init), not on the first request. */
  loadVerifyingKey(): void {
    this.keys.publicKey();
  }

  async verify(token: string): Promise<Principal> {
    const key = this.keys.publicKey(); // a missing key is the deployment's error, not the caller's
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [accessTokenAlg(key)],
      });
      const role = payload.role;
      if (
        typeof payload.sub !== 'string' ||
        typeof payload.jti !== 'string' ||
        typeof payload.exp !== 'number'
      ) {
        throw new Error('token lacks sub, jti or exp');
      }
      if (role !== 'user' && role !== 'staff' && role !== 'admin') throw new Error('token has no valid role');
      return { userId: payload.sub, role, tokenId: payload.jti, expiresAtSec: payload.exp };
    } catch (cause) {
      const expired = cause instanceof joseErrors.JWTExpired;
      throw new DomainError(
        'UNAUTHENTICATED',
        expired ? 'The token has expired' : 'The token is not valid',
        undefined,
        {
          cause,
        },
      );
    }
  }
}

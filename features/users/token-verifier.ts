import type { KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import { DomainError } from '#kernel/errors.ts';
import { isRole, type Principal } from '#kernel/principal.ts';
import { accessTokenAlg } from '#platform/settings/key-material.ts';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from './token-claims.ts';

/**
 * Verifies access tokens (JWT, jose) with the public key alone: local, no I/O. Every route
 * carries this and not the signing half (token-issuer.ts, the login route's), so the bundles
 * that verify hold neither the private key nor jose's signing code. The verifier accepts only
 * its own key's algorithm (RS256 for the RSA key deployments generate, EdDSA for an older one).
 */
export class TokenVerifier {
  constructor(private readonly publicKey: () => KeyObject) {}

  /** Parses the verifying key now (init), not on the first request. */
  loadVerifyingKey(): void {
    this.publicKey();
  }

  async verify(token: string): Promise<Principal> {
    const key = this.publicKey(); // a missing key is the deployment's error, not the caller's
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
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
      if (!isRole(role)) throw new Error('token has no valid role');
      return { userId: payload.sub, role, tokenId: payload.jti, expiresAtSec: payload.exp };
    } catch (cause) {
      const expired = cause instanceof joseErrors.JWTExpired;
      throw new DomainError(
        'UNAUTHENTICATED',
        expired ? 'The token has expired' : 'The token is not valid',
        undefined,
        { cause },
      );
    }
  }
}

import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
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

/** Issues and verifies access tokens (HS256 JWT, jose). Verification is local: no I/O. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds = 7200,
  ) {
    if (secret.length < 32) throw new Error('JWT secret must be at least 32 characters');
    this.key = new TextEncoder().encode(secret);
  }

  async issue(userId: string, role: Role, nowMs = Date.now()): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setJti(randomUUID())
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
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

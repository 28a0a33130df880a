import { type KeyObject, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Role } from '#kernel/principal.ts';
import { accessTokenAlg } from '#platform/settings/key-material.ts';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from './token-claims.ts';

/** Signs access tokens with the private key, which only the login function can read. */
export class TokenIssuer {
  constructor(
    private readonly privateKey: () => KeyObject,
    private readonly ttlSeconds = 7200,
  ) {}

  async issue(userId: string, role: Role, nowMs = Date.now()): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(nowMs / 1000);
    const exp = iat + this.ttlSeconds;
    const key = this.privateKey();
    const token = await new SignJWT({ role })
      .setProtectedHeader({ alg: accessTokenAlg(key) })
      .setSubject(userId)
      .setJti(randomUUID())
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }
}

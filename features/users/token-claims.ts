import type { KeyObject } from 'node:crypto';

/** The `iss` and `aud` every access token carries and every verifier requires. */
export const ACCESS_TOKEN_ISSUER = 'ticketing';
export const ACCESS_TOKEN_AUDIENCE = 'ticketing-api';

/** The token keys, read when first needed: only the login function can read the private one. */
export interface TokenKeys {
  publicKey: () => KeyObject;
  privateKey: () => KeyObject;
}

import { enforceRate } from '#features/abuse/index.ts';
import { DomainError } from '#kernel/errors.ts';
import type { Principal } from '#kernel/principal.ts';
import { type HttpGuards, makeHttpHandler } from '#platform/http/handler.ts';
import { holdPathDeps } from '#shared/app/hold-path-container.ts';

/**
 * The product's answers to the HTTP layer's two questions, from the hold path's container (the
 * smallest one that has the token keys, the revocation list and the limiter): each call looks
 * the container up, so a test that replaces it is seen at once.
 */
const guards: HttpGuards = {
  async authenticate(token: string): Promise<Principal> {
    const { tokens, revocations } = holdPathDeps();
    const principal = await tokens.verify(token);
    if (await revocations.isRevoked(principal.tokenId)) {
      throw new DomainError('UNAUTHENTICATED', 'The token has been logged out');
    }
    return principal;
  },
  enforceRate(name, subject) {
    const d = holdPathDeps();
    return enforceRate(d, d.config.abuse.rates[name], subject);
  },
};

/** `httpHandler(spec, fn)`: every API function's handler, with the product's guards. */
export const httpHandler = makeHttpHandler(() => guards);

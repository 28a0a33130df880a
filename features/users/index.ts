/**
 * Users and buyers (用户与购票人): accounts, sign-in and its tokens, and the real-name buyers an
 * account buys for (documents checked, encrypted, masked, cached for the hold path). The
 * public surface of features/users: other code imports this file only
 * (test/architecture/import-rules.test.ts).
 */
export { login, logout, me, type Registration, register } from './accounts.ts';
export { addBuyer, MAX_BUYERS_PER_USER, warmBuyerCache } from './buyers.ts';
export { composeAccounts, composeBuyers, composeSignIn } from './compose.ts';
export { documentIdentity, ID_TYPES, type IdType, normaliseIdNumber, prcCheckDigit } from './id-documents.ts';
export { maskIdNumber, maskName } from './masking.ts';
export { PiiCipher } from './pii-cipher.ts';
export type {
  BuyerCache,
  BuyerRecord,
  BuyerRecords,
  BuyerSummary,
  TokenRevocationList,
  UserRecord,
  UserRecords,
  UsersDeps,
} from './port.ts';
export { USERS_ROUTES } from './routes.ts';
export { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, type TokenKeys } from './token-claims.ts';
export { TokenIssuer } from './token-issuer.ts';
export { TokenVerifier } from './token-verifier.ts';

/** The nested stack (infra/stacks/feature-stacks.ts) the feature's functions deploy in. */
export const USERS_STACK = 'Accounts';

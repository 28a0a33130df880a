import type { KeyObject } from 'node:crypto';
import type { DocumentClient } from '#platform/clients/dynamodb.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import { DynamoDbBuyerRecords } from './dynamodb-buyer-records.ts';
import { DynamoDbUserRecords } from './dynamodb-user-records.ts';
import type { BuyerCache, BuyerRecords, TokenRevocationList, UserRecords } from './port.ts';
import { RedisBuyerCache } from './redis-buyer-cache.ts';
import { TokenRevocations } from './redis-token-revocations.ts';
import { TokenVerifier } from './token-verifier.ts';

/*
 * The users feature's parts of a container, in three pieces because the hold path carries
 * two of them (a hold checks the caller's token and buyers) and not the accounts.
 */

/** Buyers: their records in the one table and the masked copy the hold path reads in Redis. */
export function composeBuyers(infra: { db: DocumentClient; table: string; redis: RedisClient }): {
  buyers: BuyerRecords;
  buyerCache: BuyerCache;
} {
  return {
    buyers: new DynamoDbBuyerRecords(infra.db, infra.table),
    buyerCache: new RedisBuyerCache(infra.redis),
  };
}

/** Sign-in checks every function makes: the token's signature, and whether it was logged out. */
export function composeSignIn(
  infra: { redis: RedisClient },
  tokenPublicKey: () => KeyObject,
): { tokens: TokenVerifier; revocations: TokenRevocationList } {
  return { tokens: new TokenVerifier(tokenPublicKey), revocations: new TokenRevocations(infra.redis) };
}

/** Accounts: users and their mobile/email look-ups in the one table. */
export function composeAccounts(infra: { db: DocumentClient; table: string }): { users: UserRecords } {
  return { users: new DynamoDbUserRecords(infra.db, infra.table) };
}

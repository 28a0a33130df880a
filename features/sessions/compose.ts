import type { DocumentClient } from '#platform/clients/dynamodb.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import { CatalogueReads } from './catalogue-reads.ts';
import { DynamoDbCatalogueRecords } from './dynamodb-catalogue.ts';
import type { IdFilter } from './ports.ts';
import type { CatalogueRecords } from './records.ts';
import { RedisBloomFilter } from './redis-bloom-filter.ts';
import { RedisCatalogueCache } from './redis-catalogue-cache.ts';

/** The catalogue's records (DynamoDB) and the Bloom filter of the ids that exist (Redis). */
export function composeCatalogue(infra: {
  db: DocumentClient;
  table: string;
  redis: RedisClient;
  /** The Bloom filter's name (tests use their own). */
  idFilterName?: string;
}): { catalogue: CatalogueRecords; idFilter: IdFilter } {
  return {
    catalogue: new DynamoDbCatalogueRecords(infra.db, infra.table),
    idFilter: new RedisBloomFilter(infra.redis, infra.idFilterName ?? 'catalogue-ids'),
  };
}

/** Program and session reads through this container's LRU and the shared copy in Redis. */
export function composeCatalogueReads(
  infra: { redis: RedisClient },
  catalogue: Pick<CatalogueRecords, 'getProgram' | 'getSession'>,
): CatalogueReads {
  return new CatalogueReads(new RedisCatalogueCache(infra.redis), catalogue);
}

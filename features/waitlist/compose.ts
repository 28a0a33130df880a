import type { DocumentClient } from '#platform/clients/dynamodb.ts';
import type { RedisClient } from '#platform/clients/redis.ts';
import { DynamoDbWaitlistRecords } from './dynamodb-waitlist-records.ts';
import type { WaitlistQueue, WaitlistRecords } from './port.ts';
import { RedisWaitlistQueue } from './redis-waitlist-queue.ts';

/** The waitlist's part of a container: its entries (DynamoDB) and its lines (Redis). */
export function composeWaitlist(infra: { db: DocumentClient; table: string; redis: RedisClient }): {
  waitlist: WaitlistRecords;
  waitlistQueue: WaitlistQueue;
} {
  return {
    waitlist: new DynamoDbWaitlistRecords(infra.db, infra.table),
    waitlistQueue: new RedisWaitlistQueue(infra.redis),
  };
}

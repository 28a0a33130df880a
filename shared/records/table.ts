import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * One table holds every record; items are addressed by pk/sk, and GSI1 serves
 * "by owner, newest first" look-ups. The CDK stack and the local runtime create it from this.
 *
 *   USER#<userId>       PROFILE               the user (password hash, role)
 *   MOBILE#<mobile>     LOOKUP                -> userId (login by mobile never scans)
 *   EMAIL#<email>       LOOKUP                -> userId
 *   USER#<userId>       BUYER#<buyerId>       a ticket buyer, PII encrypted
 *   CATEGORIES          CAT#<categoryId>      reference data
 *   PROGRAM#<programId> META                  the program with its session summaries
 *   SESSION#<sessionId> META                  the session: tiers, layout, status
 *   SESSION#<sessionId> SEAT#<seatId>         a seat that is held or sold (the durable guard)
 *   LISTINGS            PROGRAM#<programId>   a program's search listing (rebuilds / stands in for OpenSearch)
 *   WAITLIST#<id>       META                  a waitlist entry (its queue position lives in Redis)
 *
 * GSI2 (keys only) finds a session's orders by status: `SESSION#<id>#ORDERS#<shard>` /
 * `<status>` (the cancel job's work list, the stats' counts).
 *
 * GSI3 (keys only, sparse) holds the orders a background job must follow, by when they are
 * due: `ORDERS#<work>#<shard>` / `<due ISO>#<orderNumber>`, where work is `unpaid` (due at
 * the order's end: the sweeper expires it even if Redis lost its hold) or `unticketed` (due
 * when it was paid: counted for the paid-not-ticketed alarm). An order leaves the list by the
 * same write that moves it out of that status (shared/orders/order-status.ts, ORDER_WORK).
 */
export const GSI1 = 'gsi1';
export const GSI2 = 'gsi2';
export const GSI3 = 'gsi3';
/** Shards of a session's orders in GSI2: an on-sale's order writes spread over index partitions. */
export const SESSION_ORDER_SHARDS = 8;

export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'gsi1pk', AttributeType: 'S' },
      { AttributeName: 'gsi1sk', AttributeType: 'S' },
      { AttributeName: 'gsi2pk', AttributeType: 'S' },
      { AttributeName: 'gsi2sk', AttributeType: 'S' },
      { AttributeName: 'gsi3pk', AttributeType: 'S' },
      { AttributeName: 'gsi3sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    // The outbox's relay reads new items from the stream (shared/events/outbox.ts).
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
    GlobalSecondaryIndexes: [
      {
        IndexName: GSI1,
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: GSI2,
        KeySchema: [
          { AttributeName: 'gsi2pk', KeyType: 'HASH' },
          { AttributeName: 'gsi2sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: GSI3,
        KeySchema: [
          { AttributeName: 'gsi3pk', KeyType: 'HASH' },
          { AttributeName: 'gsi3sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  };
}

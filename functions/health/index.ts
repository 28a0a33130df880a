import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ROUTES } from '#functions/routes.ts';
import { deps } from '#shared/app/container.ts';
import { requireEnv } from '#shared/config/env.ts';
import { DomainError } from '#shared/errors/domain-error.ts';
import { checkHealth } from '#shared/health.ts';
import { httpHandler } from '#shared/http/handler.ts';
import { ok } from '#shared/http/responses.ts';

const dynamo = new DynamoDBClient({ maxAttempts: 1 });

export const handler = httpHandler(ROUTES.health, async () => {
  const report = await checkHealth({
    redis: async () => (await deps().redis.ping()) === 'PONG',
    dynamodb: async () => {
      await dynamo.send(new DescribeTableCommand({ TableName: requireEnv('TABLE_NAME') }));
      return true;
    },
  });
  if (!report.ok)
    throw new DomainError('UNAVAILABLE', 'A dependency is down', report.checks, { retryAfterSeconds: 5 });
  return ok(report);
});

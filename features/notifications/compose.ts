import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { RedisClient } from '#platform/clients/redis.ts';
import { AwsNotifier } from './aws-notifier.ts';
import type { Notifier, OnceGuard } from './port.ts';
import { RedisOnceGuard } from './redis-once.ts';

/** Once-per-fact (Redis): the hot path has it too (a hold's events are announced once). */
export function composeOnceGuard(infra: { redis: RedisClient }): OnceGuard {
  return new RedisOnceGuard(infra.redis);
}

/**
 * SMS through SNS and email through SES in AWS (clients made on first use; without a sender,
 * no email).
 */
export function composeAwsNotifier(
  clients: { sns: () => Promise<SNSClient>; ses: () => Promise<SESv2Client> },
  emailFrom: string | undefined,
): Notifier {
  return new AwsNotifier(clients.sns, clients.ses, emailFrom);
}

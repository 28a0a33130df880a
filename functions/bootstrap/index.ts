import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DynamoDbCatalogueRecords } from '#features/sessions/dynamodb-catalogue.ts';
import { composeAccounts } from '#features/users/index.ts';
import { logger } from '#kernel/observability/logger.ts';
import { createDocumentClient } from '#platform/clients/dynamodb.ts';
import { awsClientConfig } from '#platform/clients/timeouts.ts';
import { requireEnv } from '#platform/settings/env.ts';
import { firstDeploy } from '#shared/bootstrap/first-deploy.ts';
import { SecretsManagerVault } from '#shared/bootstrap/secrets-manager-vault.ts';

/** What the stack passes (infra/stacks/stateless-stack.ts): secret ARNs and the deploy's context values. */
const Properties = z.object({
  TokenSigningSecret: z.string(),
  PiiSecret: z.string(),
  TicketSigningSecret: z.string(),
  AlipaySecret: z.string(),
  FirstAdminSecret: z.string(),
  AdminEmail: z.optional(z.string()),
  AdminMobile: z.optional(z.string()),
  AlipayAppId: z.optional(z.string()),
  AlipaySellerId: z.optional(z.string()),
  AlipayPublicKey: z.optional(z.string()),
});

const PHYSICAL_ID = 'ticketing-first-deploy';

/**
 * The first-deploy custom resource (trigger `deploy`): on create and on every update, keys
 * generated where missing, reference categories, the first admin. Delete keeps everything
 * (the data stack owns the table and the secrets).
 */
export async function handler(event: CloudFormationCustomResourceEvent) {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: PHYSICAL_ID };
  const p = Properties.parse(event.ResourceProperties);
  const db = createDocumentClient();
  const table = requireEnv('TABLE_NAME');
  const result = await firstDeploy(
    {
      vault: new SecretsManagerVault(new SecretsManagerClient(awsClientConfig())),
      catalogue: new DynamoDbCatalogueRecords(db, table),
      ...composeAccounts({ db, table }),
      clock: { now: () => Date.now() },
    },
    {
      secrets: {
        tokenSigning: p.TokenSigningSecret,
        pii: p.PiiSecret,
        ticketSigning: p.TicketSigningSecret,
        alipay: p.AlipaySecret,
        firstAdmin: p.FirstAdminSecret,
      },
      ...(p.AdminEmail ? { admin: { email: p.AdminEmail, mobile: p.AdminMobile || '13900000000' } } : {}),
      alipay: {
        ...(p.AlipayAppId ? { appId: p.AlipayAppId } : {}),
        ...(p.AlipaySellerId ? { sellerId: p.AlipaySellerId } : {}),
        ...(p.AlipayPublicKey ? { alipayPublicKey: p.AlipayPublicKey } : {}),
      },
    },
  );
  logger.info('first deploy done', { adminCreated: result.adminCreated });
  return {
    PhysicalResourceId: PHYSICAL_ID,
    Data: {
      TokenPublicKey: result.tokenPublicKey,
      TicketPublicKey: result.ticketPublicKey,
      AlipayAppPublicKey: result.alipayAppPublicKey,
    },
  };
}

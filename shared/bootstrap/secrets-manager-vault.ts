import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretVault } from '#shared/ports/secret-vault.ts';

/** The vault on Secrets Manager: the current version's string; a write is a new current version. */
export class SecretsManagerVault implements SecretVault {
  constructor(private readonly client: SecretsManagerClient) {}

  async read(secretId: string): Promise<string> {
    const res = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (res.SecretString === undefined) throw new Error(`secret ${secretId} has no string value`);
    return res.SecretString;
  }

  async write(secretId: string, value: string): Promise<void> {
    await this.client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: value }));
  }
}

import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSecrets, resetSecretsForTests } from '#shared/config/secrets.ts';

const sm = mockClient(SecretsManagerClient);

describe('secrets at cold start', () => {
  beforeEach(() => {
    sm.reset();
    resetSecretsForTests();
  });

  it("puts each of the function's secrets into the environment once, without overriding what is set, and builds REDIS_URL", async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'arn:gate' })
      .resolves({ SecretString: JSON.stringify({ GATE_SECRET: 'j'.repeat(32), IGNORED: 7 }) })
      .on(GetSecretValueCommand, { SecretId: 'arn:pii' })
      .resolves({ SecretString: JSON.stringify({ PII_KEY: 'from-secret' }) })
      .on(GetSecretValueCommand, { SecretId: 'arn:cache' })
      .resolves({ SecretString: 'p@ss/word' });
    const env: NodeJS.ProcessEnv = {
      SECRET_ARNS: 'arn:gate,arn:pii',
      CACHE_SECRET_ARN: 'arn:cache',
      CACHE_ENDPOINT: 'inventory.serverless.euw1.cache.amazonaws.com',
      PII_KEY: 'already-set',
    };
    const client = new SecretsManagerClient({ region: 'eu-west-1' });
    await loadSecrets(client, env);
    await loadSecrets(client, env);
    expect(env.GATE_SECRET).toBe('j'.repeat(32));
    expect(env.PII_KEY).toBe('already-set');
    expect(env.IGNORED).toBeUndefined();
    expect(env.REDIS_URL).toBe(
      'rediss://app:p%40ss%2Fword@inventory.serverless.euw1.cache.amazonaws.com:6379',
    );
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(3); // once each per container
  });

  it('does nothing locally (no ARNs) and retries after a failed start', async () => {
    await loadSecrets(new SecretsManagerClient({ region: 'eu-west-1' }), {});
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    sm.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: '{}' });
    const env: NodeJS.ProcessEnv = { SECRET_ARNS: 'arn:app' };
    resetSecretsForTests();
    await expect(loadSecrets(new SecretsManagerClient({ region: 'eu-west-1' }), env)).rejects.toThrow(
      'throttled',
    );
    await expect(
      loadSecrets(new SecretsManagerClient({ region: 'eu-west-1' }), env),
    ).resolves.toBeUndefined();
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { loadSecrets, resetSecretsForTests } from '#platform/clients/secrets.ts';

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

  it('reads through the Parameters and Secrets extension when the function has it: no SDK call', async () => {
    const asked: { secretId: string | null; token: string | undefined }[] = [];
    const values: Record<string, string> = {
      'arn:gate': JSON.stringify({ GATE_SECRET: 'g'.repeat(32) }),
      'arn:cache': 'cache pass',
    };
    // Answers once both reads are waiting (or after 1 s): read one after the other, a cold
    // start would pay a Secrets Manager call per secret in turn, and `mostWaiting` would be 1.
    let waiting: (() => void)[] = [];
    let mostWaiting = 0;
    const extension = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const secretId = url.searchParams.get('secretId');
      const token = req.headers['x-aws-parameters-secrets-token'] as string | undefined;
      asked.push({ secretId, token });
      waiting.push(() => {
        if (
          url.pathname !== '/secretsmanager/get' ||
          token !== 'session-token' ||
          !secretId ||
          !(secretId in values)
        ) {
          res.writeHead(400).end('bad request');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ARN: secretId, SecretString: values[secretId] }));
      });
      mostWaiting = Math.max(mostWaiting, waiting.length);
      const answerAll = () => {
        const all = waiting;
        waiting = [];
        for (const answer of all) answer();
      };
      if (waiting.length === 2) answerAll();
      else setTimeout(answerAll, 1_000);
    });
    await new Promise<void>((resolve) => extension.listen(0, 'localhost', resolve));
    onTestFinished(() => new Promise<void>((resolve) => extension.close(() => resolve())));
    const env: NodeJS.ProcessEnv = {
      PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String((extension.address() as AddressInfo).port),
      AWS_SESSION_TOKEN: 'session-token',
      SECRET_ARNS: 'arn:gate',
      CACHE_SECRET_ARN: 'arn:cache',
      CACHE_ENDPOINT: 'inventory.cache.amazonaws.com',
    };
    await loadSecrets(undefined, env);
    expect(env.GATE_SECRET).toBe('g'.repeat(32));
    expect(env.REDIS_URL).toBe('rediss://app:cache%20pass@inventory.cache.amazonaws.com:6379');
    expect(asked.map((a) => [a.secretId, a.token]).sort()).toEqual([
      ['arn:cache', 'session-token'],
      ['arn:gate', 'session-token'],
    ]);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(mostWaiting).toBe(2); // the app secrets and the cache's password asked at once
  });

  it('falls back to the SDK when the extension does not answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, 'localhost', resolve));
    const port = String((closed.address() as AddressInfo).port);
    await new Promise<void>((resolve) => closed.close(() => resolve())); // nothing listens there now
    sm.on(GetSecretValueCommand, { SecretId: 'arn:gate' }).resolves({
      SecretString: JSON.stringify({ GATE_SECRET: 'h'.repeat(32) }),
    });
    const env: NodeJS.ProcessEnv = { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: port, SECRET_ARNS: 'arn:gate' };
    await loadSecrets(undefined, env);
    expect(env.GATE_SECRET).toBe('h'.repeat(32));
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });
});

import { randomBytes } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REFERENCE_CATEGORIES } from '#features/sessions/reference-categories.ts';
import { login } from '#features/users/accounts.ts';
import {
  accessTokenPrivateKey,
  accessTokenPublicKey,
  ed25519PrivateKey,
  ed25519PublicKey,
  generateEd25519,
  publicKeyOfPrivate,
} from '#platform/settings/key-material.ts';
import { assertKeyBytes } from '#platform/settings/secret-strength.ts';
import { firstDeploy } from '#shared/bootstrap/first-deploy.ts';
import { SecretsManagerVault } from '#shared/bootstrap/secrets-manager-vault.ts';
import { alipaySettingsFromEnv } from '#shared/payments/alipay/alipay-config.ts';
import type { SecretVault } from '#shared/ports/secret-vault.ts';
import { createTable } from '../../infra/local/dynamodb-local.ts';
import { realDeps } from '../support/real-deps.ts';

/** Secrets as the stack creates them: each holding only a random revision. */
function stackVault() {
  const values = new Map<string, string>();
  const writes: string[] = [];
  for (const id of ['token', 'pii', 'ticket', 'alipay', 'admin'])
    values.set(id, JSON.stringify({ revision: randomBytes(8).toString('hex') }));
  const vault: SecretVault = {
    read: async (id) => values.get(id)!,
    write: async (id, value) => {
      writes.push(id);
      values.set(id, value);
    },
  };
  return {
    vault,
    values,
    writes,
    json: (id: string) => JSON.parse(values.get(id)!) as Record<string, string>,
  };
}

const secrets = {
  tokenSigning: 'token',
  pii: 'pii',
  ticketSigning: 'ticket',
  alipay: 'alipay',
  firstAdmin: 'admin',
};
const table = `first-deploy-${randomBytes(4).toString('hex')}`;
const d = realDeps({ table });
beforeAll(() => createTable(inject('apiDynamoDbUrl'), table));
afterAll(() => d.close());

describe('the first deploy (custom resource), against DynamoDB Local', () => {
  const s = stackVault();
  const admin = { email: `Ops-${randomBytes(3).toString('hex')}@Example.com`, mobile: '13900000009' };
  const alipay = {
    appId: '2021000123456789',
    sellerId: '2088000123456789',
    alipayPublicKey: 'A'.repeat(300),
  };
  const deps = () => ({ vault: s.vault, catalogue: d.catalogue, users: d.users, clock: d.clock });

  it('generates every key into its own secret, seeds the categories and creates the first admin', async () => {
    const result = await firstDeploy(deps(), { secrets, admin, alipay });
    expect(result.adminCreated).toBe(true);
    // Real keys of the right kinds, and the public halves the functions are configured with.
    const token = s.json('token').TOKEN_SIGNING_KEY!;
    const ticket = s.json('ticket').TICKET_SIGNING_KEY!;
    // Access tokens: RSA 2048 (RS256); tickets: Ed25519.
    const tokenKey = accessTokenPrivateKey('TOKEN_SIGNING_KEY', token);
    expect(tokenKey.asymmetricKeyType).toBe('rsa');
    expect(tokenKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(accessTokenPublicKey('TOKEN_PUBLIC_KEY', result.tokenPublicKey).asymmetricKeyType).toBe('rsa');
    expect(ed25519PrivateKey('TICKET_SIGNING_KEY', ticket).asymmetricKeyType).toBe('ed25519');
    expect(ed25519PublicKey('TICKET_PUBLIC_KEY', result.ticketPublicKey).asymmetricKeyType).toBe('ed25519');
    expect(result.tokenPublicKey).toBe(publicKeyOfPrivate(token));
    expect(result.ticketPublicKey).toBe(publicKeyOfPrivate(ticket));
    expect(result.tokenPublicKey).not.toBe(result.ticketPublicKey);
    expect(assertKeyBytes('PII_KEY', s.json('pii').PII_KEY!)).toBeTruthy();
    // Alipay: the app key generated, the context values merged; the adapter accepts the secret.
    const credentials = s.json('alipay');
    expect(credentials).toMatchObject({ ...alipay, appPublicKey: result.alipayAppPublicKey });
    expect(credentials).not.toHaveProperty('revision');
    const settings = alipaySettingsFromEnv({
      ALIPAY_CREDENTIALS: JSON.stringify(credentials),
      PUBLIC_BASE_URL: 'https://t.example.com',
    });
    expect(settings.privateKey).toContain('BEGIN PRIVATE KEY');
    // Categories.
    expect((await d.catalogue.listCategories()).map((c) => c.categoryId).sort()).toEqual(
      REFERENCE_CATEGORIES.map((c) => c.categoryId).sort(),
    );
    // The admin logs in with the generated password from the secret, and is an admin.
    const { email, password } = s.json('admin');
    expect(email).toBe(admin.email.toLowerCase());
    expect(password!.length).toBeGreaterThanOrEqual(24);
    const res = await login(d, { email: email!, password: password! }, '127.0.0.1');
    expect((await d.tokens.verify(res.token)).role).toBe('admin');
  });

  it('is idempotent: a second deploy keeps every key and the admin, and writes nothing', async () => {
    const before = new Map(s.values);
    const writes = s.writes.length;
    const again = await firstDeploy(deps(), { secrets, admin, alipay });
    expect(again.adminCreated).toBe(false);
    expect(s.writes.length).toBe(writes);
    expect(new Map(s.values)).toEqual(before);
    expect(again.tokenPublicKey).toBe(publicKeyOfPrivate(s.json('token').TOKEN_SIGNING_KEY!));
  });

  it('a later deploy with a new Alipay seller updates only that, keeping the app key', async () => {
    const key = s.json('alipay').privateKey;
    await firstDeploy(deps(), { secrets, admin, alipay: { sellerId: '2088000000000002' } });
    expect(s.json('alipay')).toMatchObject({ ...alipay, sellerId: '2088000000000002', privateKey: key });
  });

  it('keeps an access-token key generated before RS256 (Ed25519): its tokens, EdDSA, stay valid', async () => {
    const older = stackVault();
    const pair = generateEd25519();
    older.values.set('token', JSON.stringify({ TOKEN_SIGNING_KEY: pair.privateKey }));
    const result = await firstDeploy(
      { vault: older.vault, catalogue: d.catalogue, users: d.users, clock: d.clock },
      { secrets },
    );
    expect(older.json('token').TOKEN_SIGNING_KEY).toBe(pair.privateKey);
    expect(result.tokenPublicKey).toBe(pair.publicKey);
    expect(accessTokenPublicKey('TOKEN_PUBLIC_KEY', result.tokenPublicKey).asymmetricKeyType).toBe('ed25519');
  });

  it('without an admin email, creates no admin and writes no admin secret', async () => {
    const fresh = stackVault();
    const result = await firstDeploy(
      { vault: fresh.vault, catalogue: d.catalogue, users: d.users, clock: d.clock },
      { secrets },
    );
    expect(result.adminCreated).toBe(false);
    expect(fresh.json('admin')).toHaveProperty('revision');
    expect(fresh.json('alipay')).not.toHaveProperty('appId'); // Alipay answers 503 until it is set
  });
});

describe('the Secrets Manager vault (aws-sdk-client-mock: no local Secrets Manager)', () => {
  it('reads the current string and writes a new version', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(GetSecretValueCommand, { SecretId: 'arn:x' }).resolves({ SecretString: '{"revision":"r"}' });
    sm.on(PutSecretValueCommand).resolves({});
    const vault = new SecretsManagerVault(new SecretsManagerClient({ region: 'eu-west-1' }));
    expect(await vault.read('arn:x')).toBe('{"revision":"r"}');
    await vault.write('arn:x', '{"PII_KEY":"k"}');
    expect(sm.commandCalls(PutSecretValueCommand)[0]!.args[0].input).toEqual({
      SecretId: 'arn:x',
      SecretString: '{"PII_KEY":"k"}',
    });
    sm.on(GetSecretValueCommand, { SecretId: 'arn:binary' }).resolves({});
    await expect(vault.read('arn:binary')).rejects.toThrow(/no string value/);
    sm.restore();
  });
});

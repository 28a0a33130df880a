import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { generateAccessTokenKey } from '#shared/config/key-material.ts';

// The Lambda containers read their configuration from the environment, as in AWS.
Object.assign(process.env, {
  REDIS_URL: inject('apiRedisUrl'),
  TABLE_NAME: 'ticketing',
  AWS_ENDPOINT_URL_DYNAMODB: inject('apiDynamoDbUrl'),
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  TOKEN_PUBLIC_KEY: generateAccessTokenKey().publicKey,
  GATE_SECRET: randomBytes(32).toString('hex'),
});
const { coreDeps } = await import('#shared/app/core-container.ts');
const { redis } = await import('#shared/clients/redis.ts');
afterAll(() => redis().quit());

describe('the hot path composition and the full one', () => {
  it('builds only the hot path for the functions that use it, and it works on its own', async () => {
    const core = coreDeps();
    expect(await core.health.redis?.()).toBe(true);
    expect(await core.health.dynamodb?.()).toBe(true);
    expect(await core.inventory.getHold('nosuchsession', 'h_nosuchhold')).toBeUndefined();
    expect(core.admissionTokens).toBeDefined(); // keyed getters still resolve on first use
    // Nothing of order-taking, payments, tickets or search was built for it.
    for (const key of [
      'payments',
      'paymentProviders',
      'tickets',
      'vouchers',
      'search',
      'orderQueue',
      'users',
    ])
      expect(key in core, key).toBe(false);
  });

  it('completes that same object when a function needs everything: one of each service per process', async () => {
    const core = coreDeps();
    const { inventory, tokens } = core;
    const { deps, overrideDeps } = await import('#shared/app/container.ts');
    const full = deps();
    expect(full).toBe(core);
    expect(full.inventory).toBe(inventory);
    expect(full.tokens).toBe(tokens);
    expect(full.paymentProviders).toBeDefined();
    expect(typeof full.vouchers.get).toBe('function');
    // The local runtime's stand-ins reach the functions that use the hot path's container too.
    const clock = { now: () => 42 };
    overrideDeps({ clock });
    expect(coreDeps().clock).toBe(clock);
  });
});

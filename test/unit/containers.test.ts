import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { generateAccessTokenKey } from '#platform/settings/key-material.ts';

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
const { holdPathDeps } = await import('#shared/app/hold-path-container.ts');
const { coreDeps } = await import('#shared/app/core-container.ts');
const { redis } = await import('#platform/clients/redis.ts');
afterAll(() => redis().quit());

describe('the hold path, the hot path and the full composition', () => {
  it('builds only the hold path for the hold functions, and a hold works on it alone', async () => {
    const base = holdPathDeps();
    expect(await base.health.redis?.()).toBe(true);
    expect(await base.inventory.getHold('nosuchsession', 'h_nosuchhold')).toBeUndefined();
    expect(await base.orders.get('NOSUCHORDER')).toBeUndefined();
    expect(base.admissionTokens).toBeDefined();
    // Neither the catalogue's cached reads nor the captcha (a hold uses neither), and the
    // orders it may read to heal a session, not the order-writing adapter.
    for (const key of ['catalogueReads', 'captcha', 'payments', 'users'])
      expect(key in base, key).toBe(false);
    expect('writePendingPayment' in base.orders).toBe(false);
  });

  it('builds only the hot path for the functions that use it, on that same object, and it works on its own', async () => {
    const base = holdPathDeps();
    const { inventory } = base;
    const core = coreDeps();
    expect(core).toBe(base);
    expect(core.inventory).toBe(inventory);
    expect(core.captcha).toBeDefined(); // a keyed getter, resolved on first use
    expect(await core.catalogueReads.session('nosuchsession')).toBeUndefined();
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
    // The hot path's read-only orders are replaced by the full records.
    expect(typeof full.orders.writePendingPayment).toBe('function');
    // The local runtime's stand-ins reach the functions that use the hot path's container too.
    const clock = { now: () => 42 };
    overrideDeps({ clock });
    expect(coreDeps().clock).toBe(clock);
    expect(holdPathDeps().clock).toBe(clock);
  });
});

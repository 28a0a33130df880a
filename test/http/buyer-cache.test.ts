import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { addBuyers, call, createSmallProgram, newUser, openSmallProgram } from '../support/api.ts';

const redis = new Redis(inject('apiRedisUrl'));
afterAll(() => redis.quit());

describe('the buyer cache the hold path reads', () => {
  it('is warmed when a logged-in user views a program on sale (seed 001 预热购票人)', async () => {
    const user = await newUser();
    await addBuyers(user.token, 1);
    const key = `{u:${user.userId}}:buyers`;
    const onSale = await openSmallProgram();
    const scheduled = await createSmallProgram();

    await redis.del(key);
    await call('GET', `/v1/programs/${scheduled.programId}`, { token: user.token });
    expect(await redis.exists(key)).toBe(0); // not on sale: nothing to prepare for
    await call('GET', `/v1/programs/${onSale.programId}`);
    expect(await redis.exists(key)).toBe(0); // anonymous: nobody to prepare for
    await call('GET', `/v1/programs/${onSale.programId}`, { token: user.token });
    expect(await redis.hlen(key)).toBe(2); // marker + one buyer
  });

  it('is kept current on buyer changes, and a cold cache still lets the hold through', async () => {
    const user = await newUser();
    const key = `{u:${user.userId}}:buyers`;
    const [b1, b2] = await addBuyers(user.token, 2);
    expect((await redis.hkeys(key)).sort()).toEqual(['_', b1, b2].sort());
    await call('DELETE', `/v1/users/me/buyers/${b2}`, { token: user.token });
    expect((await redis.hkeys(key)).sort()).toEqual(['_', b1].sort());
    const { sessionId } = await openSmallProgram();
    // A deleted buyer cannot hold a seat.
    const gone = await call('POST', `/v1/sessions/${sessionId}/holds`, {
      token: user.token,
      body: { tierId: 'A', count: 1, buyerIds: [b2] },
    });
    expect(gone.status).toBe(400);
    await redis.del(key);
    const hold = await call('POST', `/v1/sessions/${sessionId}/holds`, {
      token: user.token,
      body: { tierId: 'A', count: 1, buyerIds: [b1] },
    });
    expect(hold.status).toBe(201);
    expect(await redis.exists(key)).toBe(1);
  });
});

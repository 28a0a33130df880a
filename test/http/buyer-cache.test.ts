import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { addBuyers, adminToken, call, newUser } from '../support/api.ts';

const redis = new Redis(inject('apiRedisUrl'));
afterAll(() => redis.quit());

async function programWithSession(open: boolean): Promise<{ programId: string; sessionId: string }> {
  const token = await adminToken();
  const res = await call<{ programId: string; sessions: { sessionId: string }[] }>(
    'POST',
    '/v1/admin/programs',
    {
      token,
      body: {
        title: '热门节目',
        actor: '歌手',
        city: '广州',
        venue: '体育馆',
        categoryId: 'concert',
        sessions: [
          {
            startsAt: '2030-01-01T12:00:00Z',
            saleOpensAt: '2020-01-01T00:00:00Z',
            tiers: [{ tierId: 'A', name: 'A', priceCents: 1000, perUserLimit: 4 }],
            layout: { sections: [{ name: 'S', tierId: 'A', rows: 2, seatsPerRow: 5 }] },
          },
        ],
      },
    },
  );
  const sessionId = res.body.sessions[0]!.sessionId;
  if (open) await call('POST', `/v1/admin/sessions/${sessionId}/open`, { token });
  return { programId: res.body.programId, sessionId };
}

describe('the buyer cache the hold path reads', () => {
  it('is warmed when a logged-in user views a program on sale (seed 001 预热购票人)', async () => {
    const user = await newUser();
    await addBuyers(user.token, 1);
    const key = `{u:${user.userId}}:buyers`;
    const onSale = await programWithSession(true);
    const scheduled = await programWithSession(false);

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
    const { sessionId } = await programWithSession(true);
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

import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { call, newUser, openSmallSession, prcId } from '../support/api.ts';

describe('ticket buyers over HTTP', () => {
  it('adds a buyer with a valid PRC id, answers masked, and stores name and number encrypted', async () => {
    const { token, userId } = await newUser();
    const res = await call('POST', '/v1/users/me/buyers', {
      token,
      body: { name: '张伟', idType: 1, idNumber: '11010519491231002x' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      buyerId: expect.any(String),
      idType: 1,
      name: '张*',
      idNumber: '1101**********002X',
    });
    const list = await call<{ items: unknown[] }>('GET', '/v1/users/me/buyers', { token });
    expect(list.body.items).toEqual([res.body]);

    const db = new DynamoDBClient({
      endpoint: inject('apiDynamoDbUrl'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    // A query, not a filtered scan: a scan's first page of a table other tests fill may miss it.
    const scan = await db.send(
      new QueryCommand({
        TableName: 'ticketing',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `USER#${userId}` } },
      }),
    );
    const stored = JSON.stringify(scan.Items);
    expect(stored).toContain(String(res.body.buyerId));
    expect(stored).not.toContain('张伟');
    expect(stored).not.toContain('11010519491231002X');
    db.destroy();
  });

  it('accepts other document types and rejects bad PRC ids with field details', async () => {
    const { token } = await newUser();
    const passport = await call('POST', '/v1/users/me/buyers', {
      token,
      body: { name: 'John Smith', idType: 5, idNumber: 'E12345678' },
    });
    expect(passport.status).toBe(201);
    expect(passport.body).toMatchObject({ name: 'J*********', idNumber: 'E*******8' });
    for (const [idNumber, why] of [
      ['110105194912310021', 'check digit'],
      ['110105194913310021', 'birth date'],
      ['11010519491231002', 'digits'],
    ]) {
      const res = await call('POST', '/v1/users/me/buyers', {
        token,
        body: { name: '李雷', idType: 1, idNumber },
      });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(why);
    }
    for (const body of [
      { name: '李雷', idType: 7, idNumber: 'E12345678' },
      { name: '李雷', idType: '1', idNumber: 'E12345678' },
      { name: '', idType: 5, idNumber: 'E12345678' },
      { name: '李雷', idType: 5, idNumber: 'bad number!' },
    ]) {
      const res = await call('POST', '/v1/users/me/buyers', { token, body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect(
      (await call<{ items: unknown[] }>('GET', '/v1/users/me/buyers', { token })).body.items,
    ).toHaveLength(1);
  });

  it('caps an account at 20 buyers: the 21st is a 400 naming the limit and adds nothing', async () => {
    const { token } = await newUser();
    for (let i = 0; i < 20; i++) {
      const res = await call('POST', '/v1/users/me/buyers', {
        token,
        body: { name: `旅客${i}`, idType: 5, idNumber: `E${String(10_000_000 + i)}` },
      });
      expect(res.status).toBe(201);
    }
    const over = await call('POST', '/v1/users/me/buyers', {
      token,
      body: { name: '多一个', idType: 5, idNumber: 'E99999999' },
    });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(JSON.stringify(over.body)).toContain('at most 20 buyers per account');
    expect(
      (await call<{ items: unknown[] }>('GET', '/v1/users/me/buyers', { token })).body.items,
    ).toHaveLength(20);
  });

  it("deletes the caller's buyer, and answers 404 for someone else's", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const res = await call('POST', '/v1/users/me/buyers', {
      token: alice.token,
      body: { name: '张伟', idType: 1, idNumber: '11010519491231002X' },
    });
    const path = `/v1/users/me/buyers/${res.body.buyerId}`;
    expect((await call('DELETE', path, { token: bob.token })).status).toBe(404);
    expect(
      (await call<{ items: unknown[] }>('GET', '/v1/users/me/buyers', { token: alice.token })).body.items,
    ).toHaveLength(1);
    expect((await call('DELETE', path, { token: alice.token })).status).toBe(204);
    expect((await call('DELETE', path, { token: alice.token })).status).toBe(404);
    expect(
      (await call<{ items: unknown[] }>('GET', '/v1/users/me/buyers', { token: alice.token })).body.items,
    ).toEqual([]);
    expect((await call('DELETE', '/v1/users/me/buyers/BAD!', { token: alice.token })).status).toBe(400);
  });

  it('keeps every buyer added at the same moment from several devices usable by the hold path', async () => {
    const sessionId = await openSmallSession();
    const { token } = await newUser();
    const added = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((i) =>
        call<{ buyerId: string }>('POST', '/v1/users/me/buyers', {
          token,
          body: { name: `家人${i}`, idType: 1, idNumber: prcId(8100 + i) },
        }),
      ),
    );
    const buyerIds = added.map((r) => r.body.buyerId);
    const held = await call('POST', `/v1/sessions/${sessionId}/holds`, {
      token,
      body: { tierId: 'B', count: 6, buyerIds },
    });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    const list = await call<{ items: { buyerId: string }[] }>('GET', '/v1/users/me/buyers', { token });
    expect(list.body.items.map((b) => b.buyerId).sort()).toEqual([...buyerIds].sort());
  });
});

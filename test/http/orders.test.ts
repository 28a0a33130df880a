import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { addBuyers, call, newUser, openSmallSession, pollUntil, stats } from '../support/api.ts';

interface OrderBody {
  orderNumber: string;
  status: string;
  expiresAt: string;
  seats: { seatId: string }[];
  buyers: { name: string; idNumber: string }[];
  amountCents: number;
}

let sessionId: string;
beforeAll(async () => {
  sessionId = await openSmallSession();
});

const order = (token: string, body: unknown, key?: string) =>
  call<OrderBody>('POST', '/v1/orders', { token, body, headers: key ? { 'idempotency-key': key } : {} });

describe('orders over HTTP (V4: accept at once, write asynchronously, poll)', () => {
  it('holds and orders in one step: 202 PENDING, then PENDING_PAYMENT with masked buyers', async () => {
    const u = await newUser();
    const buyers = await addBuyers(u.token, 2);
    const res = await order(u.token, { sessionId, tierId: 'B', count: 2, buyerIds: buyers }, 'one-step');
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      orderNumber: expect.stringMatching(/^\d+$/),
      status: 'PENDING',
      expiresAt: expect.any(String),
    });
    const written = await pollUntil<OrderBody>(u.token, res.body.orderNumber, 'PENDING_PAYMENT');
    expect(written).toMatchObject({
      status: 'PENDING_PAYMENT',
      amountCents: 10_000,
      expiresAt: res.body.expiresAt,
    });
    expect(written.buyers.every((b) => /^.\*+$/.test(b.name) && /^\d{4}\*+\w{4}$/.test(b.idNumber))).toBe(
      true,
    );
    expect(written.seats).toHaveLength(2);
    const other = await newUser();
    expect((await call('GET', `/v1/orders/${res.body.orderNumber}`, { token: other.token })).status).toBe(
      404,
    );
  });

  it('orders an existing hold, which its holder can then no longer release', async () => {
    const u = await newUser();
    const buyers = await addBuyers(u.token, 1);
    const hold = await call<{ holdId: string }>('POST', `/v1/sessions/${sessionId}/holds`, {
      token: u.token,
      body: { seatIds: ['1-2-9'], buyerIds: buyers },
    });
    const res = await order(u.token, { holdId: hold.body.holdId }, 'from-hold');
    expect(res.status).toBe(202);
    const del = await call('DELETE', `/v1/holds/${hold.body.holdId}`, { token: u.token });
    expect(del.status).toBe(409);
    expect(del.body).toMatchObject({ error: { code: 'INVALID_STATE', details: { status: 'ORDERED' } } });
    expect((await call('GET', `/v1/holds/${hold.body.holdId}`, { token: u.token })).body).toMatchObject({
      orderNumber: res.body.orderNumber,
    });
    const twice = await order(u.token, { holdId: hold.body.holdId }, 'from-hold-again');
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({
      error: { code: 'INVALID_STATE', details: { status: 'ORDERED', orderNumber: res.body.orderNumber } },
    });
    const other = await newUser();
    expect((await order(other.token, { holdId: hold.body.holdId }, 'not-mine')).status).toBe(404);
  });

  it('answers a repeated Idempotency-Key with the first response, and another body with 409', async () => {
    const u = await newUser();
    const buyers = await addBuyers(u.token, 2);
    const body = { sessionId, seatIds: ['2-3-1'], buyerIds: [buyers[0]] };
    const first = await order(u.token, body, 'same-key');
    const before = await stats(sessionId);
    const again = await order(u.token, { buyerIds: [buyers[0]], seatIds: ['2-3-1'], sessionId }, 'same-key'); // same body, keys reordered
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(await stats(sessionId)).toEqual(before); // no second hold
    const other = await order(u.token, { ...body, seatIds: ['2-3-2'] }, 'same-key');
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ error: { code: 'IDEMPOTENCY_CONFLICT' } });
    // Keys are per user: another user's same key is a new request.
    const v = await newUser();
    const vb = await addBuyers(v.token, 1);
    expect((await order(v.token, { sessionId, seatIds: ['2-3-5'], buyerIds: vb }, 'same-key')).status).toBe(
      202,
    );
  });

  it('requires a sane Idempotency-Key and a valid body, changing nothing otherwise', async () => {
    const u = await newUser();
    const buyers = await addBuyers(u.token, 1);
    const before = await stats(sessionId);
    const cases: [unknown, string | undefined, number, string][] = [
      [{ sessionId, tierId: 'A', count: 1, buyerIds: buyers }, undefined, 400, 'VALIDATION_FAILED'],
      [{ sessionId, tierId: 'A', count: 1, buyerIds: buyers }, 'x'.repeat(129), 400, 'VALIDATION_FAILED'],
      [{ sessionId, tierId: 'A', count: 1, buyerIds: buyers }, 'has space', 400, 'VALIDATION_FAILED'],
      [{ holdId: 'nosuch_0123456789ab' }, 'k1', 404, 'NOT_FOUND'],
      [{ holdId: 'x', sessionId }, 'k2', 400, 'VALIDATION_FAILED'],
      [{ tierId: 'A', count: 1, buyerIds: buyers }, 'k3', 400, 'VALIDATION_FAILED'],
      [{ sessionId, tierId: 'A', count: 0, buyerIds: buyers }, 'k4', 400, 'VALIDATION_FAILED'],
      [{ sessionId: 'nosuchsession', tierId: 'A', count: 1, buyerIds: buyers }, 'k5', 404, 'NOT_FOUND'],
    ];
    for (const [body, key, status, code] of cases) {
      const res = await order(u.token, body, key);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body).toMatchObject({ error: { code } });
    }
    const malformed = await call('POST', '/v1/orders', {
      token: u.token,
      raw: '{',
      headers: { 'idempotency-key': 'k6' },
    });
    expect(malformed.status).toBe(400);
    expect(
      (await call('POST', '/v1/orders', { body: {}, headers: { 'idempotency-key': 'k7' } })).status,
    ).toBe(401);
    expect((await call('GET', '/v1/orders/abc', { token: u.token })).status).toBe(400);
    expect((await call('GET', '/v1/orders/123456789', { token: u.token })).status).toBe(404);
    expect(await stats(sessionId)).toEqual(before);
  });

  it("lists the caller's orders newest first with cursor paging and a status filter", async () => {
    const u = await newUser();
    const buyers = await addBuyers(u.token, 3);
    const numbers: string[] = [];
    for (const [i, seat] of ['2-1-6', '2-1-7', '2-1-8'].entries()) {
      const res = await order(u.token, { sessionId, seatIds: [seat], buyerIds: [buyers[i]] }, `list-${i}`);
      numbers.push(res.body.orderNumber);
      await pollUntil<OrderBody>(u.token, res.body.orderNumber, 'PENDING_PAYMENT');
    }
    const page1 = await call<{ items: OrderBody[]; nextCursor: string | null }>('GET', '/v1/orders?limit=2', {
      token: u.token,
    });
    expect(page1.body.items.map((o) => o.orderNumber)).toEqual([numbers[2], numbers[1]]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await call<{ items: OrderBody[]; nextCursor: string | null }>(
      'GET',
      `/v1/orders?limit=2&cursor=${page1.body.nextCursor}`,
      { token: u.token },
    );
    expect(page2.body.items.map((o) => o.orderNumber)).toEqual([numbers[0]]);
    const filtered = await call<{ items: OrderBody[] }>('GET', '/v1/orders?status=PAID', { token: u.token });
    expect(filtered.body.items).toEqual([]);
    const other = await newUser();
    expect(
      (await call('GET', `/v1/orders?cursor=${page1.body.nextCursor}`, { token: other.token })).status,
    ).toBe(400);
    expect((await call('GET', '/v1/orders?cursor=garbage', { token: u.token })).status).toBe(400);
    expect((await call('GET', '/v1/orders?limit=1000', { token: u.token })).status).toBe(400);
    expect((await call('GET', '/v1/orders?status=NOPE', { token: u.token })).status).toBe(400);
  });

  it('sends a message that keeps failing to the DLQ after a bounded number of receives', async () => {
    const sqs = new SQSClient({
      endpoint: inject('apiSqsUrl'),
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const base = `${inject('apiSqsUrl')}/123456789012`;
    await sqs.send(new SendMessageCommand({ QueueUrl: `${base}/orders`, MessageBody: '{"poison":true}' }));
    const deadline = Date.now() + 30_000;
    let dead: string | undefined;
    while (!dead && Date.now() < deadline) {
      const res = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: `${base}/orders-dlq`,
          MaxNumberOfMessages: 1,
          WaitTimeSeconds: 0,
          AttributeNames: ['All'],
        }),
      );
      dead = res.Messages?.find((m) => m.Body === '{"poison":true}')?.Body;
      if (!dead) await new Promise((r) => setTimeout(r, 250));
    }
    expect(dead).toBe('{"poison":true}');
    const main = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: `${base}/orders`, AttributeNames: ['RedrivePolicy'] }),
    );
    expect(JSON.parse(main.Attributes!.RedrivePolicy!)).toMatchObject({ maxReceiveCount: 5 });
    sqs.destroy();
  }, 40_000);
});

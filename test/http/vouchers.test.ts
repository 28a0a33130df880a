import { describe, expect, it } from 'vitest';
import { addBuyers, adminToken, call, newUser, openSmallProgram, pollUntil, stats } from '../support/api.ts';

type ErrorBody = { error: { code: string; details?: Record<string, unknown> } };
interface Voucher {
  code: string;
  kind: string;
  value: number;
  maxUses: number;
  used: number;
  perUserOnce: boolean;
}
interface OrderBody {
  orderNumber: string;
  status: string;
  amountCents: number;
  discountCents: number;
  voucherCode?: string;
}

const createVoucher = async (programId: string, body: unknown, token?: string) =>
  call<Voucher & ErrorBody>('POST', `/v1/admin/programs/${programId}/vouchers`, {
    token: token ?? (await adminToken()),
    body,
  });
const vouchers = async (programId: string) =>
  (
    await call<{ items: Voucher[] }>('GET', `/v1/admin/programs/${programId}/vouchers`, {
      token: await adminToken(),
    })
  ).body.items;

let keys = 0;
async function order(
  sessionId: string,
  seatIds: string[],
  extra: Record<string, unknown>,
  buyer?: { token: string; buyers: string[] },
) {
  let u: { token: string; buyers: string[] };
  if (buyer) u = buyer;
  else {
    const fresh = await newUser();
    u = { token: fresh.token, buyers: await addBuyers(fresh.token, 2) };
  }
  const res = await call<OrderBody & ErrorBody>('POST', '/v1/orders', {
    token: u.token,
    body: { sessionId, seatIds, buyerIds: u.buyers.slice(0, seatIds.length), ...extra },
    headers: { 'idempotency-key': `v-${Date.now()}-${keys++}` },
  });
  return { res, buyer: u };
}

describe('vouchers', () => {
  it('creates and lists codes; refuses bad input, repeats and non-admins, changing nothing', async () => {
    const { programId } = await openSmallProgram();
    const made = await createVoucher(programId, { code: 'spring10', kind: 'PERCENT', value: 10, maxUses: 5 });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ code: 'SPRING10', kind: 'PERCENT', value: 10, maxUses: 5, used: 0 });
    expect(made.body.perUserOnce).toBe(true);
    const again = await createVoucher(programId, {
      code: 'SPRING10',
      kind: 'AMOUNT',
      value: 100,
      maxUses: 1,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('VOUCHER_EXISTS');
    for (const body of [
      { code: 'X', kind: 'PERCENT', value: 10, maxUses: 1 },
      { code: 'OK_CODE', kind: 'PERCENT', value: 150, maxUses: 1 },
      { code: 'OK_CODE', kind: 'HALF', value: 10, maxUses: 1 },
      { code: 'OK_CODE', kind: 'AMOUNT', value: 0, maxUses: 1 },
      { code: 'OK_CODE', kind: 'AMOUNT', value: 10, maxUses: 0 },
      { code: 'OK_CODE', kind: 'AMOUNT', value: 10, maxUses: 1, tierIds: ['Z'] },
      { code: 'OK_CODE', kind: 'AMOUNT', value: 10, maxUses: 1, validUntil: 'tomorrow' },
      { code: 'OK_CODE', kind: 'AMOUNT', value: 10, maxUses: 1, extra: true },
    ]) {
      const res = await createVoucher(programId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const user = await newUser();
    expect(
      (await createVoucher(programId, { code: 'MINE', kind: 'AMOUNT', value: 1, maxUses: 1 }, user.token))
        .status,
    ).toBe(403);
    expect(
      (await createVoucher('p0000000000000000000', { code: 'MINE', kind: 'AMOUNT', value: 1, maxUses: 1 }))
        .status,
    ).toBe(404);
    expect((await vouchers(programId)).map((v) => v.code)).toEqual(['SPRING10']);
    const listAsUser = await call('GET', `/v1/admin/programs/${programId}/vouchers`, { token: user.token });
    expect(listAsUser.status).toBe(403);
    const listUnknown = await call<ErrorBody>('GET', '/v1/admin/programs/p0000000000000000000/vouchers', {
      token: await adminToken(),
    });
    expect(listUnknown.status).toBe(404);
    expect(listUnknown.body.error.code).toBe('NOT_FOUND');
  });

  it('discounts the order and its payment; price checks use the discounted total; refusals hold nothing', async () => {
    const { programId, sessionId } = await openSmallProgram();
    await createVoucher(programId, { code: 'HALF', kind: 'PERCENT', value: 50, maxUses: 10, tierIds: ['B'] });
    await createVoucher(programId, {
      code: 'OLD',
      kind: 'AMOUNT',
      value: 500,
      maxUses: 10,
      validUntil: '2021-01-01T00:00:00Z',
    });
    await createVoucher(programId, {
      code: 'VIPONLY',
      kind: 'AMOUNT',
      value: 500,
      maxUses: 10,
      tierIds: ['A'],
    });
    const heldBefore = (await stats(sessionId)).held;

    // One B seat (5000) and one A seat (10000): half off the B seat only.
    const wrongPrice = await order(sessionId, ['2-1-1', '1-1-1'], {
      voucherCode: 'half',
      expectedTotalCents: 15000,
    });
    expect(wrongPrice.res.status).toBe(422);
    expect(wrongPrice.res.body.error).toMatchObject({
      code: 'PRICE_MISMATCH',
      details: { actualTotalCents: 12500 },
    });
    expect((await stats(sessionId)).held).toBe(heldBefore);
    expect((await vouchers(programId)).find((v) => v.code === 'HALF')?.used).toBe(0);

    const placed = await order(
      sessionId,
      ['2-1-1', '1-1-1'],
      { voucherCode: 'half', expectedTotalCents: 12500 },
      wrongPrice.buyer,
    );
    expect(placed.res.status).toBe(202);
    const written = await pollUntil<OrderBody>(
      placed.buyer.token,
      placed.res.body.orderNumber,
      'PENDING_PAYMENT',
    );
    expect(written).toMatchObject({ amountCents: 12500, discountCents: 2500, voucherCode: 'HALF' });
    const payment = await call<{ amountCents: number }>(
      'POST',
      `/v1/orders/${written.orderNumber}/payments`,
      {
        token: placed.buyer.token,
        body: { channel: 'sandbox' },
        headers: { 'idempotency-key': `pay-${written.orderNumber}` },
      },
    );
    expect(payment.body.amountCents).toBe(12500);

    // Once per user; expired; wrong tier; unknown: 422 VOUCHER_INVALID with the reason, nothing held.
    const twice = await order(sessionId, ['2-1-2'], { voucherCode: 'HALF' }, placed.buyer);
    expect(twice.res.body.error).toMatchObject({
      code: 'VOUCHER_INVALID',
      details: { reason: 'ALREADY_USED' },
    });
    const expired = await order(sessionId, ['2-1-3'], { voucherCode: 'OLD' });
    expect(expired.res.body.error).toMatchObject({ code: 'VOUCHER_INVALID', details: { reason: 'EXPIRED' } });
    const wrongTier = await order(sessionId, ['2-1-4'], { voucherCode: 'VIPONLY' });
    expect(wrongTier.res.body.error).toMatchObject({
      code: 'VOUCHER_INVALID',
      details: { reason: 'WRONG_TIER' },
    });
    const unknown = await order(sessionId, ['2-1-5'], { voucherCode: 'NOPE' });
    expect(unknown.res.status).toBe(422);
    expect(unknown.res.body.error).toMatchObject({ code: 'VOUCHER_INVALID', details: { reason: 'UNKNOWN' } });
    const malformed = await order(sessionId, ['2-1-6'], { voucherCode: 'no spaces!' });
    expect(malformed.res.status).toBe(400);
    expect((await stats(sessionId)).held).toBe(heldBefore + 2);
    expect((await vouchers(programId)).find((v) => v.code === 'HALF')?.used).toBe(1);
  });

  it('a cancelled order gives its use back; an exhausted code is 409 and holds nothing', async () => {
    const { programId, sessionId } = await openSmallProgram();
    await createVoucher(programId, { code: 'ONE', kind: 'AMOUNT', value: 1000, maxUses: 1 });
    const first = await order(sessionId, ['2-2-1'], { voucherCode: 'ONE' });
    expect(first.res.status).toBe(202);
    const written = await pollUntil<OrderBody>(
      first.buyer.token,
      first.res.body.orderNumber,
      'PENDING_PAYMENT',
    );
    expect(written).toMatchObject({ amountCents: 4000, discountCents: 1000 });
    const heldBefore = (await stats(sessionId)).held;
    const second = await order(sessionId, ['2-2-2'], { voucherCode: 'ONE' });
    expect(second.res.status).toBe(409);
    expect(second.res.body.error.code).toBe('VOUCHER_EXHAUSTED');
    expect((await stats(sessionId)).held).toBe(heldBefore);

    const cancelled = await call('POST', `/v1/orders/${written.orderNumber}/cancel`, {
      token: first.buyer.token,
    });
    expect(cancelled.status).toBe(200);
    expect((await vouchers(programId))[0]?.used).toBe(0);
    const third = await order(sessionId, ['2-2-2'], { voucherCode: 'ONE' }, second.buyer);
    expect(third.res.status).toBe(202);
    expect((await vouchers(programId))[0]?.used).toBe(1);
  });
});

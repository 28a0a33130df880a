import { describe, expect, inject, it } from 'vitest';
import {
  addBuyers,
  adminToken,
  call,
  newUser,
  openSmallProgram,
  pollUntil,
  writtenOrder,
} from '../support/api.ts';

type ErrorBody = { error: { code: string; details?: Record<string, unknown> } };
interface OrderBody {
  orderNumber: string;
  status: string;
  history: { status: string; at: string; by: string }[];
}
interface CancelStats {
  status: string;
  available: number;
  held: number;
  sold: number;
  ordersByStatus: Record<string, number>;
  refundsPending: number;
  cancellation?: { reason: string; requestedAt: string; finishedAt?: string };
}

const cancel = async (sessionId: string, body: unknown, token?: string) =>
  call<{ status: string; reason: string } & ErrorBody>('POST', `/v1/admin/sessions/${sessionId}/cancel`, {
    token: token ?? (await adminToken()),
    body,
  });

async function statsOf(sessionId: string) {
  return (
    await call<CancelStats>('GET', `/v1/admin/sessions/${sessionId}/stats`, { token: await adminToken() })
  ).body;
}

/** Waits for the job (the runtime's SQS consumer) to end the session CANCELLED, for up to 30 s. */
async function cancelledStats(sessionId: string): Promise<CancelStats> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await statsOf(sessionId);
    if (s.status === 'CANCELLED' || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function outbox(to: string): Promise<{ template: string; data: Record<string, string> }[]> {
  const res = await fetch(`${inject('apiUrl')}/sandbox/outbox?to=${to}`);
  return ((await res.json()) as { items: { template: string; data: Record<string, string> }[] }).items;
}

async function paidOrder(sessionId: string, seatIds: string[]) {
  const o = await writtenOrder(sessionId, seatIds);
  const payment = await call<{ paymentId: string }>('POST', `/v1/orders/${o.orderNumber}/payments`, {
    token: o.token,
    body: { channel: 'sandbox' },
    headers: { 'idempotency-key': `pay-${o.orderNumber}` },
  });
  await fetch(`${inject('apiUrl')}/sandbox/pay/${payment.body.paymentId}`, { method: 'POST' });
  await pollUntil(o.token, o.orderNumber, 'TICKETED');
  return o;
}

describe('POST /v1/admin/sessions/{sessionId}/cancel', () => {
  it('releases holds, cancels unpaid orders, refunds paid ones, voids tickets, tells buyers; ends CANCELLED', async () => {
    const { programId, sessionId } = await openSmallProgram();
    const paid = await paidOrder(sessionId, ['2-1-1', '2-1-2']);
    const unpaid = await writtenOrder(sessionId, ['2-2-1']);
    const holder = await newUser();
    const [buyer] = await addBuyers(holder.token, 1);
    const hold = await call<{ holdId: string }>('POST', `/v1/sessions/${sessionId}/holds`, {
      token: holder.token,
      body: { tierId: 'B', count: 1, buyerIds: [buyer] },
    });
    expect(hold.status).toBe(201);

    const res = await cancel(sessionId, { reason: '艺人身体原因' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'CANCELLING', reason: '艺人身体原因' });

    // No new holds from the moment the call answered.
    const late = await newUser();
    const [lateBuyer] = await addBuyers(late.token, 1);
    const refused = await call<ErrorBody>('POST', `/v1/sessions/${sessionId}/holds`, {
      token: late.token,
      body: { tierId: 'B', count: 1, buyerIds: [lateBuyer] },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'INVALID_STATE', details: { status: 'CANCELLED' } });

    const end = await cancelledStats(sessionId);
    expect(end.status).toBe('CANCELLED');
    expect(end.cancellation).toMatchObject({ reason: '艺人身体原因' });
    expect(end.cancellation?.finishedAt).toBeTruthy();
    expect(end.ordersByStatus).toEqual({ REFUNDED: 1, CANCELLED: 1 });
    expect(end.refundsPending).toBe(0);
    expect(end.sold).toBe(0);
    expect(end.held).toBe(0);

    const refunded = await call<OrderBody>('GET', `/v1/orders/${paid.orderNumber}`, { token: paid.token });
    expect(refunded.body.status).toBe('REFUNDED');
    expect(refunded.body.history.map((h) => `${h.status}:${h.by}`).slice(-2)).toEqual([
      'REFUND_PENDING:admin',
      'REFUNDED:payment-provider',
    ]);
    const tickets = await call<{ items: { status: string }[] }>(
      'GET',
      `/v1/orders/${paid.orderNumber}/tickets`,
      { token: paid.token },
    );
    expect(tickets.body.items.map((t) => t.status)).toEqual(['VOID', 'VOID']);
    const cancelled = await call<OrderBody>('GET', `/v1/orders/${unpaid.orderNumber}`, {
      token: unpaid.token,
    });
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(cancelled.body.history.at(-1)?.by).toBe('admin');
    const released = await call<{ status: string }>('GET', `/v1/holds/${hold.body.holdId}`, {
      token: holder.token,
    });
    expect(released.body.status).toBe('RELEASED');

    // Every buyer with an order is told, once; the paid one also of the refund.
    const paidMessages = (await outbox(paid.mobile)).map((m) => m.template);
    expect(paidMessages.filter((t) => t === 'SESSION_CANCELLED')).toHaveLength(1);
    expect(paidMessages).toContain('REFUND_COMPLETED');
    const unpaidMessages = (await outbox(unpaid.mobile)).filter((m) => m.template === 'SESSION_CANCELLED');
    expect(unpaidMessages).toHaveLength(1);
    expect(unpaidMessages[0]?.data.refund).toBe('no');

    // The session reads CANCELLED; repeating the call is harmless; nothing reopens it.
    expect((await call<{ status: string }>('GET', `/v1/sessions/${sessionId}`)).body.status).toBe(
      'CANCELLED',
    );
    const again = await cancel(sessionId, { reason: '另一个原因' });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ status: 'CANCELLED', reason: '艺人身体原因' });
    const reopen = await call<ErrorBody>('POST', `/v1/admin/sessions/${sessionId}/open`, {
      token: await adminToken(),
    });
    expect(reopen.status).toBe(409);
    // Program detail and the seat map say so too, with no live counts to buy from (Redis still
    // holds the session's counters while the cancel's grace runs).
    const detail = await call<{
      sessions: {
        sessionId: string;
        status: string;
        waitingRoom: boolean;
        tiers: { remaining: number | null }[];
      }[];
    }>('GET', `/v1/programs/${programId}`);
    expect(detail.status).toBe(200);
    const shown = detail.body.sessions.find((x) => x.sessionId === sessionId)!;
    expect(shown.status).toBe('CANCELLED');
    expect(shown.waitingRoom).toBe(false);
    expect(shown.tiers.map((t) => t.remaining)).toEqual(shown.tiers.map(() => null));
    const map = await call<{ status: string }>('GET', `/v1/sessions/${sessionId}/seats`);
    expect(map.body.status).toBe('CANCELLED');
  });

  it('refuses bad input with the error body and changes nothing; admins only; 404 unknown', async () => {
    const { sessionId } = await openSmallProgram();
    for (const body of [
      {},
      { reason: '' },
      { reason: 'x'.repeat(201) },
      { reason: 'ok', extra: 1 },
      'text',
    ]) {
      const res = await cancel(sessionId, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const user = await newUser();
    expect((await cancel(sessionId, { reason: 'x' }, user.token)).status).toBe(403);
    expect((await cancel('s0000000000000000000', { reason: 'x' })).status).toBe(404);
    expect((await cancel('BAD!', { reason: 'x' })).status).toBe(400);
    expect((await statsOf(sessionId)).status).toBe('ON_SALE');
  });
});

import { afterAll, describe, expect, it, vi } from 'vitest';
import { notifyBuyer } from '#features/notifications/notify-buyer.ts';
import type { OutboxNotifier } from '#features/notifications/outbox-notifier.ts';
import { render } from '#features/notifications/templates.ts';
import type { DomainEvent } from '#kernel/events.ts';
import { uniqueId } from '../support/fixtures.ts';
import { realDeps } from '../support/real-deps.ts';

const d = realDeps();
afterAll(() => d.close());
const outbox = d.notifier as OutboxNotifier;

async function buyer(email?: string) {
  const userId = uniqueId('nu');
  const mobile = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await d.users.create({
    userId,
    name: '测试',
    mobile,
    ...(email ? { email } : {}),
    passwordHash: 'unused',
    role: 'user',
    createdAt: new Date().toISOString(),
  });
  return { userId, mobile };
}

const ticketsIssued = (userId: string, orderNumber: string): DomainEvent => ({
  type: 'TicketsIssued',
  detail: { orderNumber, userId, sessionId: 's', tickets: 2 },
});

describe('buyer notifications', () => {
  it('texts the buyer, emails them when the account has an address, and sends each fact once', async () => {
    const email = `${uniqueId('n')}@example.com`;
    const u = await buyer(email);
    const event = ticketsIssued(u.userId, '1234567');
    expect(await notifyBuyer(d, event)).toBe(2);
    expect(await Promise.all([notifyBuyer(d, event), notifyBuyer(d, event)])).toEqual([0, 0]);
    const sms = await outbox.read(u.mobile);
    expect(sms).toEqual([
      expect.objectContaining({
        channel: 'sms',
        template: 'TICKETS_ISSUED',
        data: { orderNumber: '1234567', tickets: 2 },
      }),
    ]);
    expect((await outbox.read(email)).map((m) => m.channel)).toEqual(['email']);
    expect(render('TICKETS_ISSUED', sms[0]!.data).text).toContain('1234567');
    expect(render('REFUND_COMPLETED', { orderNumber: '9', amountCents: 12_345 }).text).toContain('¥123.45');
  });

  it('a message that fails to send is sent by the retry, not dropped', async () => {
    const u = await buyer();
    const event: DomainEvent = {
      type: 'RefundCompleted',
      detail: { orderNumber: '77', userId: u.userId, paymentId: uniqueId('pay'), amountCents: 500 },
    };
    vi.spyOn(outbox, 'send').mockRejectedValueOnce(new Error('SNS throttled'));
    await expect(notifyBuyer(d, event)).rejects.toThrow('SNS throttled');
    expect(await outbox.read(u.mobile)).toEqual([]);
    expect(await notifyBuyer(d, event)).toBe(1);
    expect((await outbox.read(u.mobile)).map((m) => m.template)).toEqual(['REFUND_COMPLETED']);
  });

  it('ignores events that tell the buyer nothing, and unknown users', async () => {
    expect(
      await notifyBuyer(d, {
        type: 'SeatsReleased',
        detail: { sessionId: 's', holdId: 'h', reason: 'EXPIRED', seats: 1 },
      }),
    ).toBe(0);
    expect(await notifyBuyer(d, ticketsIssued('nosuchuser', '1'))).toBe(0);
  });
});

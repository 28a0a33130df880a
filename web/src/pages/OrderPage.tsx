import { Button, Dialog, NavBar, Steps, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Countdown } from '../components/Countdown.tsx';
import { Failed, useLoad, usePoll, Waiting } from '../components/Loading.tsx';
import { type ApiError, api, call, newKey, when, yuan } from '../lib/api.ts';

export const STATUS_TEXT: Record<string, string> = {
  PENDING: '正在创建订单',
  PENDING_PAYMENT: '待支付',
  PAID: '已支付，出票中',
  TICKETED: '已出票',
  CANCELLED: '已取消',
  EXPIRED: '已过期',
  FAILED: '下单失败',
  REFUND_PENDING: '退款中',
  REFUNDED: '已退款',
};
const FAILURE_TEXT: Record<string, string> = {
  SEAT_TAKEN: '座位已被他人购买，订单未成立，没有扣款。',
  TIMEOUT: '系统繁忙，订单未能及时创建，座位已释放，没有扣款。',
};
const STEP = ['PENDING', 'PENDING_PAYMENT', 'PAID', 'TICKETED'];

/**
 * One order from acceptance to tickets: polls while the order is being written or ticketed
 * (the V4 path answers at once with PENDING), pays, cancels, refunds, and shows the tickets'
 * QR codes.
 */
export default function OrderPage() {
  const { orderNumber = '' } = useParams();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const order = useLoad(
    () => call(api.GET('/v1/orders/{orderNumber}', { params: { path: { orderNumber } } })),
    [orderNumber],
  );
  const status = order.data?.status;
  const moving = status === 'PENDING' || status === 'PAID' || status === 'REFUND_PENDING';
  usePoll(order.reload, status === 'PENDING' ? 300 : 1500, moving);
  usePoll(order.reload, 3000, status === 'PENDING_PAYMENT');
  const tickets = useLoad(
    async () =>
      status === 'TICKETED'
        ? call(api.GET('/v1/orders/{orderNumber}/tickets', { params: { path: { orderNumber } } }))
        : undefined,
    [status, orderNumber],
  );

  const act = async (what: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      await what();
      if (done) Toast.show({ content: done });
      await order.reload();
    } catch (e) {
      Dialog.alert({ content: (e as ApiError).message, confirmText: '知道了' });
    } finally {
      setBusy(false);
    }
  };

  const pay = (channel: 'sandbox' | 'alipay') =>
    act(async () => {
      const p = await call(
        api.POST('/v1/orders/{orderNumber}/payments', {
          params: { path: { orderNumber }, header: { 'idempotency-key': newKey() } },
          body: { channel, device: window.innerWidth > 900 ? 'pc' : 'mobile' },
        }),
      );
      if (channel === 'alipay') {
        window.location.assign(p.payUrl);
        return;
      }
      // The sandbox cashier: one POST settles the payment and sends the signed callback.
      const settled = await fetch(p.payUrl, { method: 'POST' });
      if (!settled.ok) throw new Error('sandbox payment failed');
    }, '支付已提交');

  if (order.error) return <Failed error={order.error} />;
  const o = order.data;
  if (!o) return <Waiting />;
  return (
    <>
      <NavBar onBack={() => navigate('/orders')}>订单详情</NavBar>
      <div className="page">
        <div className="card">
          <div className="spread">
            <b>{o.show?.title}</b>
            <Tag color={status === 'TICKETED' ? 'success' : 'primary'} data-testid="order-status">
              {STATUS_TEXT[o.status] ?? o.status}
            </Tag>
          </div>
          <div className="muted">{o.show ? `${when(o.show.startsAt)} · ${o.show.venue}` : ''}</div>
          <div className="muted">订单号 {o.orderNumber}</div>
          {STEP.includes(o.status) ? (
            <Steps current={STEP.indexOf(o.status)} style={{ marginTop: 8 }}>
              <Steps.Step title="下单" />
              <Steps.Step title="支付" />
              <Steps.Step title="出票" />
              <Steps.Step title="完成" />
            </Steps>
          ) : null}
          {o.failureReason ? <p>{FAILURE_TEXT[o.failureReason] ?? '订单未成立，没有扣款。'}</p> : null}
        </div>
        <div className="card">
          {o.seats.map((s) => (
            <div key={s.seatId} className="spread">
              <span>
                {s.section} {s.row}排{s.col}座
              </span>
              <span>{yuan(s.priceCents)}</span>
            </div>
          ))}
          {o.discountCents > 0 ? (
            <div className="spread muted">
              <span>优惠 {o.voucherCode}</span>
              <span>-{yuan(o.discountCents)}</span>
            </div>
          ) : null}
          <div className="spread">
            <b>实付</b>
            <span className="price">{yuan(o.amountCents)}</span>
          </div>
        </div>
        {o.status === 'PENDING_PAYMENT' ? (
          <div className="card">
            <div className="spread">
              <span>请在倒计时结束前支付</span>
              <Countdown until={o.expiresAt} onEnd={order.reload} />
            </div>
            <Button
              block
              color="primary"
              loading={busy}
              onClick={() => pay('sandbox')}
              data-testid="pay-sandbox"
            >
              模拟支付（沙箱）
            </Button>
            <Button block loading={busy} style={{ marginTop: 8 }} onClick={() => pay('alipay')}>
              支付宝支付
            </Button>
            <Button
              block
              fill="none"
              style={{ marginTop: 8 }}
              onClick={() =>
                act(
                  () =>
                    call(
                      api.POST('/v1/orders/{orderNumber}/payment-check', {
                        params: { path: { orderNumber } },
                      }),
                    ),
                  '已查询支付结果',
                )
              }
            >
              我已支付，查询结果
            </Button>
            <Button
              block
              fill="none"
              color="danger"
              onClick={() =>
                act(
                  () =>
                    call(api.POST('/v1/orders/{orderNumber}/cancel', { params: { path: { orderNumber } } })),
                  '订单已取消',
                )
              }
            >
              取消订单
            </Button>
          </div>
        ) : null}
        {moving ? <Waiting text={STATUS_TEXT[o.status]} /> : null}
        {tickets.data?.items.map((t) => (
          <div className="card ticket" key={t.ticketCode} data-testid="ticket">
            <img
              className="qr"
              alt={`电子票 ${t.ticketCode}`}
              src={`data:image/svg+xml;utf8,${encodeURIComponent(t.qrSvg)}`}
            />
            <div>
              <b>
                {t.section} {t.row}排{t.col}座
              </b>
              <div className="muted">{t.buyer.name}</div>
              <div className="muted">票号 {t.ticketCode}</div>
              <Tag color={t.status === 'VALID' ? 'success' : 'default'}>
                {t.status === 'VALID' ? '有效' : t.status === 'USED' ? '已检票' : '已作废'}
              </Tag>
              <textarea
                readOnly
                className="muted"
                value={t.qrPayload}
                data-testid="qr-payload"
                style={{ display: 'none' }}
              />
            </div>
          </div>
        ))}
        {o.status === 'PAID' || o.status === 'TICKETED' ? (
          <Button
            block
            fill="outline"
            loading={busy}
            onClick={async () => {
              if (await Dialog.confirm({ content: '确定退票吗？票款将原路退回。' }))
                await act(
                  () =>
                    call(
                      api.POST('/v1/orders/{orderNumber}/refund', {
                        params: { path: { orderNumber } },
                        body: { reason: '用户申请退票' },
                      }),
                    ),
                  '退票申请已提交',
                );
            }}
          >
            退票
          </Button>
        ) : null}
      </div>
    </>
  );
}

import { Button, Dialog, Input, NavBar, ProgressBar, Switch, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Failed, useLoad, usePoll, Waiting } from '../../components/Loading.tsx';
import { type ApiError, api, call, when } from '../../lib/api.ts';

const STATUS: Record<string, string> = {
  SCHEDULED: '未开售',
  ON_SALE: '售票中',
  CLOSED: '已停售',
  CANCELLING: '取消中',
  CANCELLED: '已取消',
};

/**
 * One session for its organiser: open the sale, live counts per tier (polled every 2 s), the
 * waiting room, close, cancel (with the reason buyers are told).
 */
export default function AdminSession() {
  const { sessionId = '' } = useParams();
  const navigate = useNavigate();
  const path = { params: { path: { sessionId } } };
  const session = useLoad(() => call(api.GET('/v1/sessions/{sessionId}', path)), [sessionId]);
  const status = session.data?.status;
  const stats = useLoad(
    async () =>
      status && status !== 'SCHEDULED'
        ? call(api.GET('/v1/admin/sessions/{sessionId}/stats', path))
        : undefined,
    [sessionId, status],
  );
  usePoll(stats.reload, 2000, status === 'ON_SALE' || status === 'CANCELLING');
  usePoll(session.reload, 3000, status === 'CANCELLING');
  const [rate, setRate] = useState('600');
  const [busy, setBusy] = useState(false);

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await what();
      Toast.show({ content: done });
      await session.reload();
      await stats.reload();
    } catch (e) {
      Dialog.alert({ content: (e as ApiError).message });
    } finally {
      setBusy(false);
    }
  };

  if (session.error) return <Failed error={session.error} />;
  const s = session.data;
  if (!s) return <Waiting />;
  const st = stats.data;
  const tierName = new Map(s.tiers.map((t) => [t.tierId, t.name]));
  const queue = st?.queue;
  return (
    <>
      <NavBar onBack={() => navigate(`/admin/programs/${s.programId}`)}>{s.title}</NavBar>
      <div className="page">
        <div className="card">
          <div className="spread">
            <b>{when(s.startsAt)}</b>
            <Tag color={s.status === 'ON_SALE' ? 'danger' : 'default'} data-testid="admin-status">
              {STATUS[s.status] ?? s.status}
            </Tag>
          </div>
          <div className="muted">
            {s.venue} · 开售 {when(s.saleOpensAt)}
          </div>
          <div className="row" style={{ marginTop: 8 }}>
            {s.status === 'SCHEDULED' || s.status === 'CLOSED' ? (
              <Button
                color="primary"
                loading={busy}
                data-testid="open-sale"
                onClick={() =>
                  act(() => call(api.POST('/v1/admin/sessions/{sessionId}/open', path)), '已开售')
                }
              >
                {s.status === 'CLOSED' ? '重新开售' : '开售'}
              </Button>
            ) : null}
            {s.status === 'ON_SALE' ? (
              <Button
                loading={busy}
                onClick={() =>
                  act(() => call(api.POST('/v1/admin/sessions/{sessionId}/close', path)), '已停售')
                }
              >
                停售
              </Button>
            ) : null}
            {s.status !== 'CANCELLED' && s.status !== 'CANCELLING' ? (
              <Button
                color="danger"
                fill="outline"
                loading={busy}
                onClick={async () => {
                  let reason = '';
                  const ok = await Dialog.confirm({
                    title: '取消演出',
                    content: (
                      <Input placeholder="取消原因（会通知每位购票人）" onChange={(v) => (reason = v)} />
                    ),
                  });
                  if (ok && reason.trim())
                    await act(
                      () =>
                        call(
                          api.POST('/v1/admin/sessions/{sessionId}/cancel', {
                            ...path,
                            body: { reason: reason.trim() },
                          }),
                        ),
                      '已开始取消并退款',
                    );
                }}
              >
                取消演出
              </Button>
            ) : null}
            <Button onClick={() => navigate(`/sessions/${sessionId}`)}>看座位图</Button>
          </div>
        </div>
        {st ? (
          <div className="card" data-testid="admin-stats">
            <div className="row" style={{ justifyContent: 'space-around' }}>
              <div className="stat">
                <b data-testid="stat-available">{st.available}</b>可售
              </div>
              <div className="stat">
                <b data-testid="stat-held">{st.held}</b>锁定
              </div>
              <div className="stat">
                <b data-testid="stat-sold">{st.sold}</b>已售
              </div>
            </div>
            {st.byTier.map((t) => {
              const all = t.available + t.held + t.sold;
              return (
                <div key={t.tierId} style={{ marginTop: 8 }}>
                  <div className="spread muted">
                    <span>{tierName.get(t.tierId) ?? t.tierId}</span>
                    <span>
                      售 {t.sold} / 锁 {t.held} / 余 {t.available}
                    </span>
                  </div>
                  <ProgressBar percent={all ? Math.round(((t.sold + t.held) / all) * 100) : 0} />
                </div>
              );
            })}
            {st.cancellation ? (
              <p className="muted">
                取消原因：{st.cancellation.reason}；待退款 {st.refundsPending}
                {st.cancellation.finishedAt ? '（已完成）' : '（处理中）'}
              </p>
            ) : null}
          </div>
        ) : null}
        {s.status === 'ON_SALE' || s.status === 'SCHEDULED' ? (
          <div className="card">
            <div className="spread">
              <b>排队（虚拟等候室）</b>
              <Switch
                checked={queue?.enabled ?? false}
                loading={busy}
                onChange={(enabled) =>
                  act(
                    () =>
                      call(
                        api.PUT('/v1/admin/sessions/{sessionId}/queue', {
                          ...path,
                          body: { enabled, admitPerMinute: Number(rate) || 600 },
                        }),
                      ),
                    enabled ? '排队已开启' : '排队已关闭',
                  )
                }
              />
            </div>
            <div className="row muted">
              每分钟放行 <Input style={{ width: 90 }} value={rate} onChange={setRate} type="number" />
            </div>
            {queue?.enabled ? (
              <div className="muted">
                排队中 {queue.inLine} 人，已放行 {queue.admitted} 人
              </div>
            ) : null}
          </div>
        ) : null}
      </div>
    </>
  );
}

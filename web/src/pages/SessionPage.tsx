import { Button, Dialog, Input, NavBar, Stepper, Tabs, Toast } from 'antd-mobile';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { BuyerPicker } from '../components/BuyerPicker.tsx';
import { Countdown } from '../components/Countdown.tsx';
import { Failed, useLoad, usePoll, Waiting } from '../components/Loading.tsx';
import { WaitingRoom } from '../components/WaitingRoom.tsx';
import { admissionFor, forgetAdmission } from '../lib/admission.ts';
import { type ApiError, api, call, newKey, when, yuan } from '../lib/api.ts';
import { signedIn } from '../lib/session.ts';
import { SESSION_STATUS_VIEW } from '../lib/session-status.ts';
import type { CompactSeatMap, SeatRef } from '../seatmap/layout.ts';
import { SeatMap } from '../seatmap/SeatMap.tsx';

type Hold = Awaited<ReturnType<typeof placeHold>>;

function placeHold(
  sessionId: string,
  body:
    | { seatIds: string[]; buyerIds: string[] }
    | { tierId: string; count: number; best: true; buyerIds: string[] },
) {
  const admission = admissionFor(sessionId);
  return call(
    api.POST('/v1/sessions/{sessionId}/holds', {
      params: { path: { sessionId }, header: admission ? { 'x-admission-token': admission } : {} },
      body,
    }),
  );
}

/**
 * Choosing seats: the live seat map (polled every 2 s; an unchanged map costs a 304), tap
 * seats or ask for the best N together in a tier, pick the buyers, hold (with a countdown),
 * then order. Gated sessions go through the waiting room first.
 */
export default function SessionPage() {
  const { sessionId = '' } = useParams();
  const navigate = useNavigate();
  const session = useLoad(
    () => call(api.GET('/v1/sessions/{sessionId}', { params: { path: { sessionId } } })),
    [sessionId],
  );
  const program = useLoad(
    async () =>
      session.data
        ? call(
            api.GET('/v1/programs/{programId}', { params: { path: { programId: session.data.programId } } }),
          )
        : undefined,
    [session.data?.programId],
  );
  const [map, setMap] = useState<CompactSeatMap>();
  const [selected, setSelected] = useState<string[]>([]);
  const [mode, setMode] = useState<'pick' | 'best'>('pick');
  const [bestTier, setBestTier] = useState<string>();
  const [bestCount, setBestCount] = useState(2);
  const [buyers, setBuyers] = useState<string[]>([]);
  const [hold, setHold] = useState<Hold>();
  const [busy, setBusy] = useState(false);
  const [voucher, setVoucher] = useState('');
  const [admitted, setAdmitted] = useState(() => Boolean(admissionFor(sessionId)));
  const lastStatuses = useRef('');
  // Stable: the waiting room's polling effect restarts when its callback changes.
  const admittedNow = useCallback(() => setAdmitted(true), []);

  /**
   * The map, polled; `fresh` after a refusal: asked of the server past the browser's cache
   * (the map is cacheable for a second, and a buyer who just lost a seat must see it taken).
   */
  const loadMap = useCallback(
    async (fresh = false) => {
      const m = await call(
        api.GET('/v1/sessions/{sessionId}/seats', {
          params: { path: { sessionId } },
          ...(fresh ? { cache: 'no-cache' as const } : {}),
        }),
      );
      const compact = m as unknown as CompactSeatMap;
      if (compact.seats.statuses === lastStatuses.current) return; // unchanged (a 304 revalidation)
      lastStatuses.current = compact.seats.statuses;
      setMap(compact);
    },
    [sessionId],
  );
  useEffect(() => {
    loadMap().catch(() => undefined);
  }, [loadMap]);
  usePoll(() => void loadMap().catch(() => undefined), 2000, !hold);

  const s = session.data;
  const gated = program.data?.sessions.find((x) => x.sessionId === sessionId)?.waitingRoom ?? false;
  const onSale = s?.status === 'ON_SALE';
  const tierOf = useMemo(() => new Map(s?.tiers.map((t) => [t.tierId, t]) ?? []), [s]);
  const seatCount = mode === 'pick' ? selected.length : bestCount;
  const total =
    mode === 'pick'
      ? selected.reduce((n, id) => {
          const sec = map?.sections[Number(id.split('-')[0]) - 1];
          return n + (sec ? (tierOf.get(sec.tierId)?.priceCents ?? 0) : 0);
        }, 0)
      : (tierOf.get(bestTier ?? '')?.priceCents ?? 0) * bestCount;

  const onSeat = (seat: SeatRef, status: string) => {
    if (hold) return;
    setMode('pick');
    setSelected((list) => {
      if (list.includes(seat.seatId)) return list.filter((x) => x !== seat.seatId);
      if (status !== '0') {
        Toast.show({ content: status === '1' ? '这个座位已被锁定' : '这个座位已售出' });
        return list;
      }
      if (s && list.length >= s.maxPerOrder) {
        Toast.show({ content: `每单最多 ${s.maxPerOrder} 张` });
        return list;
      }
      return [...list, seat.seatId];
    });
  };

  const doHold = async () => {
    if (!signedIn()) {
      await navigate(`/login?next=/sessions/${sessionId}`);
      return;
    }
    if (buyers.length !== seatCount) {
      Toast.show({ content: `请选择 ${seatCount} 位观演人` });
      return;
    }
    setBusy(true);
    try {
      const h = await placeHold(
        sessionId,
        mode === 'pick'
          ? { seatIds: selected, buyerIds: buyers }
          : { tierId: bestTier ?? s?.tiers[0]?.tierId ?? '', count: bestCount, best: true, buyerIds: buyers },
      );
      setHold(h);
      // Best available seats people across rows only when no row had them together: say so.
      if (!h.together) Toast.show({ content: '没有相邻的空座，已为您选择最好的分开座位' });
      setSelected(h.seats.map((x) => x.seatId));
    } catch (e) {
      const err = e as ApiError;
      if (err.code === 'SEAT_UNAVAILABLE') {
        const taken = (err.details.seatIds as string[] | undefined) ?? [];
        setSelected((list) => list.filter((x) => !taken.includes(x)));
        await loadMap(true).catch(() => undefined);
      }
      if (err.code === 'ADMISSION_REQUIRED') {
        forgetAdmission(sessionId);
        setAdmitted(false);
      }
      Dialog.alert({ content: <span data-testid="hold-error">{err.message}</span>, confirmText: '知道了' });
    } finally {
      setBusy(false);
    }
  };

  const release = async () => {
    if (!hold) return;
    await call(api.DELETE('/v1/holds/{holdId}', { params: { path: { holdId: hold.holdId } } })).catch(
      () => undefined,
    );
    setHold(undefined);
    setSelected([]);
    lastStatuses.current = '';
    await loadMap(true).catch(() => undefined);
  };

  const order = async () => {
    if (!hold) return;
    setBusy(true);
    try {
      const o = await call(
        api.POST('/v1/orders', {
          params: { header: { 'idempotency-key': newKey() } },
          body: { holdId: hold.holdId, ...(voucher.trim() ? { voucherCode: voucher.trim() } : {}) },
        }),
      );
      navigate(`/orders/${o.orderNumber}`);
    } catch (e) {
      Dialog.alert({ content: (e as ApiError).message, confirmText: '知道了' });
    } finally {
      setBusy(false);
    }
  };

  if (session.error) return <Failed error={session.error} />;
  if (!s) return <Waiting />;
  const needsQueue = onSale && gated && !admitted && !hold;
  return (
    <>
      <NavBar onBack={() => navigate(-1)}>{s.title}</NavBar>
      <div className="page">
        <div className="card">
          <div className="spread">
            <b>{when(s.startsAt)}</b>
            <span className="muted">{s.venue}</span>
          </div>
          {!onSale ? (
            <div className="muted" data-testid="not-on-sale">
              {s.status === 'SCHEDULED'
                ? `${when(s.saleOpensAt)} 开售，先看看座位吧`
                : SESSION_STATUS_VIEW[s.status].note}
            </div>
          ) : null}
        </div>
        {needsQueue ? <WaitingRoom sessionId={sessionId} onAdmitted={admittedNow} /> : null}
        {map ? (
          <SeatMap map={map} selected={hold ? hold.seats.map((x) => x.seatId) : selected} onSeat={onSeat} />
        ) : (
          <Waiting text="座位图加载中" />
        )}
        <div className="legend">
          {s.tiers.map((t, i) => (
            <span key={t.tierId}>
              <i className="dot" style={{ background: TIER_DOT[i % TIER_DOT.length] }} />
              {t.name} {yuan(t.priceCents)}
            </span>
          ))}
          <span>
            <i className="dot" style={{ background: '#f59e0b' }} />
            已锁定
          </span>
          <span>
            <i className="dot" style={{ background: '#c8ccd2' }} />
            已售
          </span>
        </div>
        {hold ? (
          <div className="card" data-testid="hold">
            <div className="spread">
              <b>座位已为你保留</b>
              <Countdown until={hold.expiresAt} onEnd={() => setHold(undefined)} />
            </div>
            {hold.seats.map((x) => (
              <div key={x.seatId} className="muted">
                {x.section} {x.row}排{x.col}座 · {tierOf.get(x.tierId)?.name} {yuan(x.priceCents)}
              </div>
            ))}
            <Input
              placeholder="优惠码（可选）"
              value={voucher}
              onChange={setVoucher}
              style={{ marginTop: 8 }}
            />
          </div>
        ) : onSale && !needsQueue ? (
          <>
            <Tabs activeKey={mode} onChange={(k) => setMode(k as 'pick' | 'best')}>
              <Tabs.Tab title="自己选座" key="pick">
                <div className="muted">
                  在座位图上点选座位（可拖动、缩放）。已选：{selected.join('、') || '无'}
                </div>
              </Tabs.Tab>
              <Tabs.Tab title="智能选座" key="best">
                <div className="row">
                  {s.tiers.map((t) => (
                    <Button
                      key={t.tierId}
                      size="small"
                      color={(bestTier ?? s.tiers[0]?.tierId) === t.tierId ? 'primary' : 'default'}
                      onClick={() => setBestTier(t.tierId)}
                    >
                      {t.name}
                    </Button>
                  ))}
                </div>
                <div className="row" style={{ marginTop: 8 }}>
                  连座张数 <Stepper min={1} max={s.maxPerOrder} value={bestCount} onChange={setBestCount} />
                </div>
              </Tabs.Tab>
            </Tabs>
            {signedIn() ? <BuyerPicker need={seatCount} value={buyers} onChange={setBuyers} /> : null}
          </>
        ) : null}
      </div>
      {onSale && !needsQueue ? (
        <div className="footer-bar">
          <span>
            {hold ? '合计' : `${seatCount} 张`}{' '}
            <span className="price">{yuan(hold ? hold.totalCents : total)}</span>
          </span>
          {hold ? (
            <span className="row">
              <Button size="small" onClick={release}>
                不要了
              </Button>
              <Button color="primary" loading={busy} onClick={order} data-testid="order">
                提交订单
              </Button>
            </span>
          ) : (
            <Button
              color="primary"
              loading={busy}
              disabled={seatCount === 0}
              onClick={doHold}
              data-testid="hold-button"
            >
              {signedIn() ? '锁定座位' : '登录后购买'}
            </Button>
          )}
        </div>
      ) : null}
    </>
  );
}

const TIER_DOT = ['#3b82f6', '#10b981', '#8b5cf6', '#ef4444', '#0ea5e9', '#f97316', '#14b8a6', '#ec4899'];

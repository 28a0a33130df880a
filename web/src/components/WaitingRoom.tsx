import { Button, ProgressBar } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { rememberAdmission } from '../lib/admission.ts';
import { type ApiError, api, call } from '../lib/api.ts';
import { solveCaptcha } from '../lib/captcha.ts';

type Place = Awaited<ReturnType<typeof join>>;

const eta = (s: number) => (s < 60 ? `约 ${Math.max(1, s)} 秒` : `约 ${Math.ceil(s / 60)} 分钟`);

async function join(sessionId: string, captcha?: string) {
  return call(
    api.POST('/v1/sessions/{sessionId}/queue', {
      params: { path: { sessionId } },
      body: captcha ? { captcha } : {},
    }),
  );
}

/**
 * The virtual waiting room: joins the line (solving the captcha when the room asks for one),
 * polls as the server says (`pollAfterSeconds`, with `x-queue-ticket`), shows position and
 * estimated wait, and hands back the admission token once admitted.
 */
export function WaitingRoom({ sessionId, onAdmitted }: { sessionId: string; onAdmitted(): void }) {
  const [place, setPlace] = useState<Place>();
  const [first, setFirst] = useState<number>();
  const [note, setNote] = useState('正在加入排队…');
  const [error, setError] = useState<ApiError>();
  const ticket = useRef<string>(undefined);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const seen = (p: Place) => {
      if (!live) return;
      setPlace(p);
      if (p.queueTicket) ticket.current = p.queueTicket;
      if (p.position !== null && p.position !== undefined) setFirst((f) => f ?? (p.ahead ?? 0) + 1);
      if (p.status === 'ADMITTED' && p.admissionToken && p.admissionExpiresAt) {
        rememberAdmission(sessionId, p.admissionToken, p.admissionExpiresAt);
        onAdmitted();
        return;
      }
      if (p.status === 'EXPIRED') {
        setNote('排队资格已过期，请重新排队。');
        return;
      }
      timer = setTimeout(poll, Math.max(1, p.pollAfterSeconds ?? 2) * 1000);
    };
    const poll = async () => {
      try {
        const p = await call(
          api.GET('/v1/sessions/{sessionId}/queue', {
            params: {
              path: { sessionId },
              header: ticket.current ? { 'x-queue-ticket': ticket.current } : {},
            },
          }),
        );
        seen(p);
      } catch (e) {
        setError(e as ApiError);
        timer = setTimeout(poll, 3000);
      }
    };
    (async () => {
      try {
        seen(await join(sessionId));
      } catch (e) {
        const err = e as ApiError;
        if (err.code !== 'CAPTCHA_REQUIRED') return setError(err);
        setNote('正在进行人机验证…');
        try {
          seen(await join(sessionId, await solveCaptcha()));
        } catch (e2) {
          setError(e2 as ApiError);
        }
      }
    })();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [sessionId, onAdmitted]);

  const ahead = place?.ahead ?? null;
  const done = first && ahead !== null ? Math.min(1, 1 - ahead / first) : 0;
  return (
    <div className="card" data-testid="waiting-room">
      <h3 style={{ marginTop: 0 }}>排队中</h3>
      {error ? <div className="muted">{error.message}</div> : null}
      {!place ? <div className="muted">{note}</div> : null}
      {place?.preQueue ? (
        <p>
          开售前排队：开售那一刻随机排序，大家机会均等。
          {place.opensAt ? `开售时间 ${new Date(place.opensAt).toLocaleTimeString('zh-CN')}` : ''}
        </p>
      ) : null}
      {place && !place.preQueue && place.status === 'WAITING' ? (
        <>
          <p>
            你的位置 <b data-testid="queue-position">{place.position}</b>，前面还有 <b>{place.ahead}</b> 人
          </p>
          <ProgressBar percent={Math.round(done * 100)} />
        </>
      ) : null}
      {place && place.status !== 'EXPIRED' ? (
        <p className="muted">预计等待{eta(place.estimatedWaitSeconds ?? 0)}，请不要关闭页面。</p>
      ) : null}
      {place?.status === 'EXPIRED' ? (
        <Button color="primary" onClick={() => window.location.reload()}>
          重新排队
        </Button>
      ) : null}
    </div>
  );
}

import { Button, Input, List, NavBar, TextArea } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useLoad } from '../components/Loading.tsx';
import { type ApiError, api, call, when } from '../lib/api.ts';
import { signedIn } from '../lib/session.ts';

interface Verdict {
  ok: boolean;
  title: string;
  detail: string;
}

const GATE_KEY = 'tickets.gate.session';

interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

/**
 * The gate (staff): choose the session once, then scan (camera, where the browser has a
 * barcode detector) or paste each ticket's QR payload. The verdict fills the screen in green
 * or red, readable at arm's length.
 */
export default function GatePage() {
  const navigate = useNavigate();
  const [sessionId, setSessionId] = useState(() => localStorage.getItem(GATE_KEY) ?? '');
  const [payload, setPayload] = useState('');
  const [verdict, setVerdict] = useState<Verdict>();
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const programs = useLoad(() => call(api.GET('/v1/programs', { params: { query: { limit: 20 } } })), []);
  const [programId, setProgramId] = useState<string>();
  const program = useLoad(
    async () =>
      programId ? call(api.GET('/v1/programs/{programId}', { params: { path: { programId } } })) : undefined,
    [programId],
  );

  useEffect(() => {
    if (!signedIn()) navigate('/login?next=/gate', { replace: true });
  }, [navigate]);

  const check = async (qrPayload: string) => {
    if (!qrPayload.trim()) return;
    setBusy(true);
    try {
      const r = await call(
        api.POST('/v1/tickets/check-in', { body: { qrPayload: qrPayload.trim(), sessionId } }),
      );
      setVerdict({ ok: true, title: '✓ 验票通过', detail: `座位 ${r.seatId} · 票号 ${r.ticketCode}` });
    } catch (e) {
      const err = e as ApiError;
      setVerdict({
        ok: false,
        title: err.code === 'ALREADY_USED' ? '✗ 已检过' : '✗ 不能入场',
        detail: err.message,
      });
    } finally {
      setBusy(false);
      setPayload('');
    }
  };

  const scan = async () => {
    const Detector = (window as unknown as { BarcodeDetector?: new (o: object) => BarcodeDetectorLike })
      .BarcodeDetector;
    if (!Detector || !navigator.mediaDevices) {
      setVerdict({ ok: false, title: '无法使用摄像头', detail: '这个浏览器不支持扫码，请粘贴二维码内容。' });
      return;
    }
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    setScanning(true);
    const el = video.current!;
    el.srcObject = stream;
    await el.play();
    const detector = new Detector({ formats: ['qr_code'] });
    const tick = async () => {
      const codes = await detector.detect(el).catch(() => []);
      if (codes[0]) {
        for (const t of stream.getTracks()) t.stop();
        setScanning(false);
        await check(codes[0].rawValue);
      } else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };

  if (!sessionId) {
    return (
      <>
        <NavBar back={null}>检票 · 选择场次</NavBar>
        <List header="演出">
          {programs.data?.items.map((p) => (
            <List.Item
              key={p.programId}
              onClick={() => setProgramId(p.programId)}
              description={`${p.city} · ${p.venue}`}
            >
              {p.title}
            </List.Item>
          ))}
        </List>
        {program.data ? (
          <List header={`${program.data.title} 的场次`}>
            {program.data.sessions.map((s) => (
              <List.Item
                key={s.sessionId}
                onClick={() => {
                  localStorage.setItem(GATE_KEY, s.sessionId);
                  setSessionId(s.sessionId);
                }}
              >
                {when(s.startsAt)}
              </List.Item>
            ))}
          </List>
        ) : null}
        <div className="page">
          <Input
            placeholder="或直接输入场次 ID"
            onEnterPress={(e) => setSessionId((e.target as HTMLInputElement).value.trim())}
          />
        </div>
      </>
    );
  }
  return (
    <>
      <NavBar
        back="换场次"
        onBack={() => {
          localStorage.removeItem(GATE_KEY);
          setSessionId('');
          setVerdict(undefined);
        }}
      >
        检票
      </NavBar>
      <div className="page">
        <div className="muted">场次 {sessionId}</div>
        {verdict ? (
          <div className={`big-result ${verdict.ok ? 'ok' : 'bad'}`} data-testid="gate-verdict">
            {verdict.title}
            <small>{verdict.detail}</small>
          </div>
        ) : null}
        <video
          ref={video}
          style={{ width: '100%', display: scanning ? 'block' : 'none' }}
          muted
          playsInline
        />
        <div className="card" style={{ marginTop: 12 }}>
          <TextArea
            placeholder="粘贴二维码内容"
            value={payload}
            onChange={setPayload}
            rows={3}
            data-testid="gate-payload"
          />
          <div className="row" style={{ marginTop: 8 }}>
            <Button color="primary" loading={busy} onClick={() => check(payload)} data-testid="gate-check">
              验票
            </Button>
            <Button onClick={scan}>扫码</Button>
          </div>
        </div>
      </div>
    </>
  );
}

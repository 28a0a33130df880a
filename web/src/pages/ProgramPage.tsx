import { Button, NavBar, Tag } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
import { Failed, useLoad, usePoll, Waiting } from '../components/Loading.tsx';
import { api, call, when, yuan } from '../lib/api.ts';
import { SESSION_STATUS_VIEW } from '../lib/session-status.ts';

/** A program: its sessions with each tier's price and live seats left; a session opens its seat map. */
export default function ProgramPage() {
  const { programId = '' } = useParams();
  const navigate = useNavigate();
  const { data, error, reload } = useLoad(
    () => call(api.GET('/v1/programs/{programId}', { params: { path: { programId } } })),
    [programId],
  );
  usePoll(reload, 10_000, Boolean(data));
  return (
    <>
      <NavBar onBack={() => navigate(-1)}>演出详情</NavBar>
      <div className="page">
        {error ? <Failed error={error} /> : null}
        {!data && !error ? <Waiting /> : null}
        {data ? (
          <>
            <div className="card">
              <h2 style={{ margin: '4px 0' }}>{data.title}</h2>
              <div className="muted">{data.actor}</div>
              <div className="muted">
                {data.city} · {data.venue}
              </div>
              {data.description ? <p style={{ whiteSpace: 'pre-wrap' }}>{data.description}</p> : null}
            </div>
            {data.sessions.map((s) => {
              const view = SESSION_STATUS_VIEW[s.status];
              return (
                <div className="card" key={s.sessionId} data-testid="session-card" data-status={s.status}>
                  <div className="spread">
                    <b>{when(s.startsAt)}</b>
                    <Tag color={view.color} data-testid="session-status">
                      {view.tag(when(s.saleOpensAt))}
                    </Tag>
                  </div>
                  {s.tiers.map((t) => (
                    <div className="spread muted" key={t.tierId} style={{ marginTop: 6 }}>
                      <span>
                        {t.name} <span className="price">{yuan(t.priceCents)}</span>
                      </span>
                      <span>
                        {t.remaining === null ? '' : t.remaining > 0 ? `余 ${t.remaining}` : '已售罄'}
                      </span>
                    </div>
                  ))}
                  {view.cancelled ? (
                    <div className="muted" style={{ marginTop: 10 }} data-testid="session-note">
                      {view.note}
                    </div>
                  ) : (
                    <Button
                      block
                      color="primary"
                      style={{ marginTop: 10 }}
                      onClick={() => navigate(`/sessions/${s.sessionId}`)}
                    >
                      {view.buy ? (s.waitingRoom ? '排队购票' : '选座购买') : '查看座位'}
                    </Button>
                  )}
                </div>
              );
            })}
          </>
        ) : null}
      </div>
    </>
  );
}

import { Button, Dialog, Input, List, NavBar, Selector, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Failed, useLoad, Waiting } from '../../components/Loading.tsx';
import { type ApiError, api, call, when, yuan } from '../../lib/api.ts';

/** One program for its organiser: the sessions (to manage each) and the vouchers. */
export default function AdminProgram() {
  const { programId = '' } = useParams();
  const navigate = useNavigate();
  const program = useLoad(
    () => call(api.GET('/v1/programs/{programId}', { params: { path: { programId } } })),
    [programId],
  );
  const vouchers = useLoad(
    () => call(api.GET('/v1/admin/programs/{programId}/vouchers', { params: { path: { programId } } })),
    [programId],
  );
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<'PERCENT' | 'AMOUNT'>('PERCENT');
  const [value, setValue] = useState('10');
  const [maxUses, setMaxUses] = useState('100');

  const create = async () => {
    try {
      await call(
        api.POST('/v1/admin/programs/{programId}/vouchers', {
          params: { path: { programId } },
          body: {
            code,
            kind,
            value: kind === 'PERCENT' ? Number(value) : Math.round(Number(value) * 100),
            maxUses: Number(maxUses),
          },
        }),
      );
      setCode('');
      Toast.show({ content: '优惠码已创建' });
      await vouchers.reload();
    } catch (e) {
      Dialog.alert({ content: (e as ApiError).message });
    }
  };

  if (program.error) return <Failed error={program.error} />;
  const p = program.data;
  if (!p) return <Waiting />;
  return (
    <>
      <NavBar onBack={() => navigate('/admin')}>{p.title}</NavBar>
      <List header="场次">
        {p.sessions.map((s) => (
          <List.Item
            key={s.sessionId}
            onClick={() => navigate(`/admin/sessions/${s.sessionId}`)}
            description={s.tiers.map((t) => `${t.name} ${yuan(t.priceCents)}`).join(' · ')}
            extra={
              <Tag color={s.status === 'ON_SALE' ? 'danger' : 'default'}>
                {s.status === 'ON_SALE' ? '售票中' : '未开售'}
              </Tag>
            }
            data-testid="admin-session"
          >
            {when(s.startsAt)}
          </List.Item>
        ))}
      </List>
      <List header="优惠码">
        {vouchers.data?.items.map((v) => (
          <List.Item
            key={v.code}
            description={`${v.kind === 'PERCENT' ? `${v.value}% off` : `减 ${yuan(v.value)}`} · 已用 ${v.used}/${v.maxUses}`}
          >
            {v.code}
          </List.Item>
        ))}
      </List>
      <div className="page">
        <div className="card">
          <Input placeholder="优惠码，如 SPRING10" value={code} onChange={setCode} />
          <Selector
            options={[
              { label: '折扣 %', value: 'PERCENT' },
              { label: '立减（元）', value: 'AMOUNT' },
            ]}
            value={[kind]}
            onChange={(v) => setKind((v[0] as 'PERCENT' | 'AMOUNT') ?? 'PERCENT')}
          />
          <div className="row">
            <Input style={{ width: 90 }} placeholder="数值" value={value} onChange={setValue} />
            <Input style={{ width: 90 }} placeholder="总次数" value={maxUses} onChange={setMaxUses} />
            <Button size="small" color="primary" onClick={create} disabled={!code}>
              创建优惠码
            </Button>
          </div>
        </div>
      </div>
    </>
  );
}

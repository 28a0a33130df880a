import { Button, Dialog, Input, NavBar, Selector, TextArea } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useLoad } from '../../components/Loading.tsx';
import { type ApiError, api, call } from '../../lib/api.ts';

let nextUid = 0;
/** A stable React key for rows the organiser adds and removes. */
const uid = () => ++nextUid;

interface Tier {
  uid: number;
  tierId: string;
  name: string;
  price: string;
  perUserLimit: string;
}
interface Section {
  uid: number;
  name: string;
  tierId: string;
  rows: string;
  seatsPerRow: string;
}

const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const inDays = (n: number) => local(new Date(Date.now() + n * 86_400_000));

/**
 * A new program: its description, one or more show times sharing the tiers and the section
 * layout (rows × seats per section, in order from the stage). The API checks everything
 * again; its field errors are shown next to the form.
 */
export default function CreateProgram() {
  const navigate = useNavigate();
  const categories = useLoad(() => call(api.GET('/v1/categories')), []);
  const [info, setInfo] = useState({ title: '', actor: '', city: '', venue: '', description: '' });
  const [categoryId, setCategoryId] = useState<string>();
  const [starts, setStarts] = useState<{ uid: number; at: string }[]>([{ uid: uid(), at: inDays(30) }]);
  const [saleOpens, setSaleOpens] = useState(local(new Date()));
  const [maxPerOrder, setMaxPerOrder] = useState('6');
  const [tiers, setTiers] = useState<Tier[]>([
    { uid: uid(), tierId: 'A', name: '看台', price: '380', perUserLimit: '6' },
  ]);
  const [sections, setSections] = useState<Section[]>([
    { uid: uid(), name: 'A区', tierId: 'A', rows: '10', seatsPerRow: '20' },
  ]);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const field = (k: keyof typeof info, label: string, multi = false) => (
    <div style={{ marginBottom: 8 }}>
      <div className="muted">{label}</div>
      {multi ? (
        <TextArea value={info[k]} onChange={(v) => setInfo({ ...info, [k]: v })} rows={3} />
      ) : (
        <Input value={info[k]} onChange={(v) => setInfo({ ...info, [k]: v })} data-testid={`field-${k}`} />
      )}
    </div>
  );

  const submit = async () => {
    setBusy(true);
    setProblems([]);
    try {
      const iso = (v: string) => new Date(v).toISOString();
      const r = await call(
        api.POST('/v1/admin/programs', {
          body: {
            ...info,
            ...(info.description ? {} : { description: undefined }),
            categoryId: categoryId ?? '',
            sessions: starts.map((s) => ({
              startsAt: iso(s.at),
              saleOpensAt: iso(saleOpens),
              maxPerOrder: Number(maxPerOrder),
              tiers: tiers.map((t) => ({
                tierId: t.tierId,
                name: t.name,
                priceCents: Math.round(Number(t.price) * 100),
                perUserLimit: Number(t.perUserLimit),
              })),
              layout: {
                sections: sections.map((s) => ({
                  name: s.name,
                  tierId: s.tierId,
                  rows: Number(s.rows),
                  seatsPerRow: Number(s.seatsPerRow),
                })),
              },
            })),
          },
        }),
      );
      navigate(`/admin/programs/${r.programId}`, { replace: true });
    } catch (e) {
      const err = e as ApiError;
      const fields = (err.details.fields as { path: string; message: string }[] | undefined) ?? [];
      setProblems(fields.map((f) => `${f.path}: ${f.message}`));
      Dialog.alert({ content: err.message });
    } finally {
      setBusy(false);
    }
  };

  const seats = sections.reduce((n, s) => n + Number(s.rows) * Number(s.seatsPerRow), 0);
  return (
    <>
      <NavBar onBack={() => navigate(-1)}>新建演出</NavBar>
      <div className="page">
        <div className="card">
          {field('title', '演出名称')}
          {field('actor', '艺人')}
          {field('city', '城市')}
          {field('venue', '场馆')}
          {field('description', '介绍', true)}
          <div className="muted">分类</div>
          <Selector
            columns={3}
            options={(categories.data?.items ?? []).map((c) => ({ label: c.name, value: c.categoryId }))}
            value={categoryId ? [categoryId] : []}
            onChange={(v) => setCategoryId(v[0])}
          />
        </div>
        <div className="card">
          <b>场次</b>
          {starts.map((s, i) => (
            <div className="row" key={s.uid}>
              <input
                type="datetime-local"
                value={s.at}
                onChange={(e) =>
                  setStarts(starts.map((x, j) => (j === i ? { ...x, at: e.target.value } : x)))
                }
              />
              {starts.length > 1 ? (
                <Button size="mini" onClick={() => setStarts(starts.filter((_, j) => j !== i))}>
                  删除
                </Button>
              ) : null}
            </div>
          ))}
          <Button size="mini" onClick={() => setStarts([...starts, { uid: uid(), at: inDays(31) }])}>
            ＋ 场次
          </Button>
          <div className="muted" style={{ marginTop: 8 }}>
            开售时间
          </div>
          <input type="datetime-local" value={saleOpens} onChange={(e) => setSaleOpens(e.target.value)} />
          <div className="muted" style={{ marginTop: 8 }}>
            每单最多
          </div>
          <Input value={maxPerOrder} onChange={setMaxPerOrder} type="number" />
        </div>
        <div className="card">
          <b>票档</b>
          {tiers.map((t, i) => (
            <div className="row" key={t.uid}>
              {(['tierId', 'name', 'price', 'perUserLimit'] as const).map((k) => (
                <Input
                  key={k}
                  style={{ width: k === 'name' ? 90 : 60 }}
                  placeholder={{ tierId: '代码', name: '名称', price: '价格(元)', perUserLimit: '限购' }[k]}
                  value={t[k]}
                  onChange={(v) => setTiers(tiers.map((x, j) => (j === i ? { ...x, [k]: v } : x)))}
                />
              ))}
            </div>
          ))}
          <Button
            size="mini"
            onClick={() =>
              setTiers([
                ...tiers,
                {
                  uid: uid(),
                  tierId: String.fromCharCode(65 + tiers.length),
                  name: '',
                  price: '',
                  perUserLimit: '6',
                },
              ])
            }
          >
            ＋ 票档
          </Button>
        </div>
        <div className="card">
          <b>分区（从舞台向后）</b> <span className="muted">共 {seats} 座</span>
          {sections.map((s, i) => (
            <div className="row" key={s.uid}>
              {(['name', 'tierId', 'rows', 'seatsPerRow'] as const).map((k) => (
                <Input
                  key={k}
                  style={{ width: k === 'name' ? 90 : 60 }}
                  placeholder={{ name: '名称', tierId: '票档', rows: '排数', seatsPerRow: '每排座' }[k]}
                  value={s[k]}
                  onChange={(v) => setSections(sections.map((x, j) => (j === i ? { ...x, [k]: v } : x)))}
                />
              ))}
            </div>
          ))}
          <Button
            size="mini"
            onClick={() =>
              setSections([
                ...sections,
                {
                  uid: uid(),
                  name: `${String.fromCharCode(65 + sections.length)}区`,
                  tierId: tiers[0]?.tierId ?? 'A',
                  rows: '10',
                  seatsPerRow: '20',
                },
              ])
            }
          >
            ＋ 分区
          </Button>
        </div>
        {problems.length ? (
          <div className="card muted" data-testid="form-problems">
            {problems.map((p) => (
              <div key={p}>{p}</div>
            ))}
          </div>
        ) : null}
        <Button block color="primary" loading={busy} onClick={submit} data-testid="create-program">
          创建
        </Button>
      </div>
    </>
  );
}

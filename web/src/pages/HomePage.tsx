import { CapsuleTabs, InfiniteScroll, SearchBar, Selector, Tag } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Failed, useLoad } from '../components/Loading.tsx';
import { api, call, when, yuan } from '../lib/api.ts';

type Card = Awaited<ReturnType<typeof search>>['items'][number];
const POSTER = ['#e5484d', '#8b5cf6', '#0ea5e9', '#f97316', '#10b981', '#ec4899'];
const DATES = [
  { label: '全部时间', value: 'all' },
  { label: '7天内', value: '7' },
  { label: '30天内', value: '30' },
];

interface Filters {
  q: string;
  city?: string;
  categoryId?: string;
  days: string;
}

function search(f: Filters, cursor?: string) {
  const to = f.days === 'all' ? undefined : new Date(Date.now() + Number(f.days) * 86_400_000).toISOString();
  return call(
    api.GET('/v1/programs', {
      params: {
        query: {
          ...(f.q ? { q: f.q } : {}),
          ...(f.city ? { city: f.city } : {}),
          ...(f.categoryId ? { categoryId: f.categoryId } : {}),
          ...(to ? { to, from: new Date().toISOString() } : {}),
          ...(cursor ? { cursor } : {}),
          limit: 20,
        },
      },
    }),
  );
}

/** Home and search: city, category, dates and words; cards open the program. */
export function HomePage() {
  const [filters, setFilters] = useState<Filters>({ q: '', days: 'all' });
  const cities = useLoad(() => call(api.GET('/v1/cities')), []);
  const categories = useLoad(() => call(api.GET('/v1/categories')), []);
  const [items, setItems] = useState<Card[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<Parameters<typeof Failed>[0]['error']>();

  useEffect(() => {
    let live = true;
    search(filters)
      .then((page) => {
        if (!live) return;
        setItems(page.items);
        setCursor(page.nextCursor ?? null);
        setError(undefined);
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [filters]);

  const more = async () => {
    if (!cursor) return;
    const page = await search(filters, cursor);
    setItems((list) => [...list, ...page.items]);
    setCursor(page.nextCursor ?? null);
  };

  const topCategories = (categories.data?.items ?? []).filter((c) => !c.parentId);
  return (
    <div className="page">
      <SearchBar
        placeholder="搜索演出、艺人、场馆"
        onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() }))}
        onClear={() => setFilters((f) => ({ ...f, q: '' }))}
        style={{ marginBottom: 8 }}
      />
      <div className="card">
        <Selector
          columns={4}
          options={[
            { label: '全部', value: '' },
            ...(cities.data?.items ?? []).map((c) => ({ label: c.city, value: c.city })),
          ]}
          value={[filters.city ?? '']}
          onChange={(v) => setFilters((f) => ({ ...f, city: v[0] || undefined }))}
        />
        <div style={{ height: 8 }} />
        <Selector
          columns={3}
          options={DATES}
          value={[filters.days]}
          onChange={(v) => setFilters((f) => ({ ...f, days: v[0] ?? 'all' }))}
        />
      </div>
      <CapsuleTabs
        activeKey={filters.categoryId ?? 'all'}
        onChange={(k) => setFilters((f) => ({ ...f, categoryId: k === 'all' ? undefined : k }))}
      >
        <CapsuleTabs.Tab title="全部" key="all" />
        {topCategories.map((c) => (
          <CapsuleTabs.Tab title={c.name} key={c.categoryId} />
        ))}
      </CapsuleTabs>
      {error ? <Failed error={error} /> : null}
      <div data-testid="program-list">
        {items.map((p, i) => (
          <Link key={p.programId} className="card program-card" to={`/programs/${p.programId}`}>
            <div className="poster" style={{ background: POSTER[i % POSTER.length] }}>
              {p.title.slice(0, 1)}
            </div>
            <div style={{ flex: 1, minWidth: 0 }}>
              <div style={{ fontWeight: 600 }}>{p.title}</div>
              <div className="muted">{p.actor}</div>
              <div className="muted">
                {p.city} · {p.venue}
              </div>
              {p.firstShowTime ? <div className="muted">{when(p.firstShowTime)}</div> : null}
              <div className="spread">
                <span className="price">{yuan(p.minPriceCents)} 起</span>
                {p.onSale ? <Tag color="danger">售票中</Tag> : <Tag color="default">即将开售</Tag>}
              </div>
            </div>
          </Link>
        ))}
      </div>
      {cursor !== undefined ? <InfiniteScroll loadMore={more} hasMore={Boolean(cursor)} /> : null}
    </div>
  );
}

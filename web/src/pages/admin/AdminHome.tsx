import { Button, List, NavBar, SearchBar, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Failed, useLoad } from '../../components/Loading.tsx';
import { api, call, when } from '../../lib/api.ts';

/** The organiser's programs (the listing shows them from creation, on sale or not). */
export default function AdminHome() {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const list = useLoad(
    () => call(api.GET('/v1/programs', { params: { query: { limit: 50, ...(q ? { q } : {}) } } })),
    [q],
  );
  return (
    <>
      <NavBar
        back={null}
        right={
          <Button size="mini" color="primary" onClick={() => navigate('/admin/new')}>
            新建演出
          </Button>
        }
      >
        演出管理
      </NavBar>
      <div className="page">
        <SearchBar placeholder="搜索演出" onSearch={setQ} onClear={() => setQ('')} />
      </div>
      {list.error ? <Failed error={list.error} /> : null}
      <List>
        {list.data?.items.map((p) => (
          <List.Item
            key={p.programId}
            onClick={() => navigate(`/admin/programs/${p.programId}`)}
            description={`${p.city} · ${p.venue}${p.firstShowTime ? ` · ${when(p.firstShowTime)}` : ''}`}
            extra={p.onSale ? <Tag color="danger">售票中</Tag> : <Tag>未开售</Tag>}
          >
            {p.title}
          </List.Item>
        ))}
      </List>
    </>
  );
}

import { TabBar } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { onSignedIn, signedIn } from '../lib/session.ts';

/** The frame of every screen: the page, and the tab bar (admin and gate tabs by role). */
export function Shell() {
  const [user, setUser] = useState(signedIn());
  useEffect(() => onSignedIn(setUser), []);
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const role = user?.user.role;
  const tabs = [
    { key: '/', title: '首页' },
    { key: '/orders', title: '订单' },
    ...(role === 'admin' ? [{ key: '/admin', title: '管理' }] : []),
    ...(role === 'admin' || role === 'staff' ? [{ key: '/gate', title: '检票' }] : []),
    { key: '/me', title: user ? '我的' : '登录' },
  ];
  const active = tabs.reduce(
    (best, t) => (t.key !== '/' && pathname.startsWith(t.key) && t.key.length > best.length ? t.key : best),
    '/',
  );
  return (
    <div className="app">
      <Outlet />
      <div className="tabbar">
        <TabBar activeKey={active} onChange={(k) => navigate(k)}>
          {tabs.map((t) => (
            <TabBar.Item key={t.key} title={t.title} />
          ))}
        </TabBar>
      </div>
    </div>
  );
}

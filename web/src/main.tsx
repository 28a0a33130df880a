import { ConfigProvider } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { Waiting } from './components/Loading.tsx';
import { Shell } from './components/Shell.tsx';
import { HomePage } from './pages/HomePage.tsx';
import './styles.css';

/**
 * Routes. The buyer's first screen (home, search) is in the initial bundle; every other
 * screen loads on first visit, so the initial JavaScript stays under its budget
 * (150 KB gzipped, test/web/bundle-budget.test.ts).
 */
const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

const router = createBrowserRouter([
  {
    Component: Shell,
    HydrateFallback: Waiting,
    children: [
      { index: true, Component: HomePage },
      { path: 'programs/:programId', lazy: page(() => import('./pages/ProgramPage.tsx')) },
      { path: 'sessions/:sessionId', lazy: page(() => import('./pages/SessionPage.tsx')) },
      { path: 'orders', lazy: page(() => import('./pages/OrdersPage.tsx')) },
      { path: 'orders/:orderNumber', lazy: page(() => import('./pages/OrderPage.tsx')) },
      { path: 'login', lazy: page(() => import('./pages/LoginPage.tsx')) },
      { path: 'me', lazy: page(() => import('./pages/MePage.tsx')) },
      { path: 'admin', lazy: page(() => import('./pages/admin/AdminHome.tsx')) },
      { path: 'admin/new', lazy: page(() => import('./pages/admin/CreateProgram.tsx')) },
      { path: 'admin/programs/:programId', lazy: page(() => import('./pages/admin/AdminProgram.tsx')) },
      { path: 'admin/sessions/:sessionId', lazy: page(() => import('./pages/admin/AdminSession.tsx')) },
      { path: 'gate', lazy: page(() => import('./pages/GatePage.tsx')) },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN}>
      <RouterProvider router={router} />
    </ConfigProvider>
  </StrictMode>,
);

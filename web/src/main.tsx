// The web app's entry: Chinese locale, the query cache, the large-text setting a person chose last time.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { lazy, StrictMode, Suspense, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Layout } from './components/layout.tsx';
import { CatalogPage } from './pages/catalog.tsx';
import { useLocation } from './router.tsx';
import './styles.css';

// The catalog is the first page most people see; every other screen loads when it is opened, so the first is light.
const AnnouncementsPage = lazy(() =>
  import('./pages/announcements.tsx').then((m) => ({ default: m.AnnouncementsPage })),
);
const ApplyPage = lazy(() => import('./pages/apply.tsx').then((m) => ({ default: m.ApplyPage })));
const CallbackPage = lazy(() => import('./pages/callback.tsx').then((m) => ({ default: m.CallbackPage })));
const CasePage = lazy(() => import('./pages/case.tsx').then((m) => ({ default: m.CasePage })));
const MePage = lazy(() => import('./pages/me.tsx').then((m) => ({ default: m.MePage })));
const NotificationsPage = lazy(() =>
  import('./pages/notifications.tsx').then((m) => ({ default: m.NotificationsPage })),
);
const PolicyPage = lazy(() => import('./pages/policy.tsx').then((m) => ({ default: m.PolicyPage })));
const WorkbenchPage = lazy(() =>
  import('./workbench/workbench.tsx').then((m) => ({ default: m.WorkbenchPage })),
);
const ProfilePage = lazy(() => import('./pages/profile.tsx').then((m) => ({ default: m.ProfilePage })));

const queries = new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: 1 } } });
const LARGE_TEXT = 'huiqi.largeText';

function Screen() {
  const { path } = useLocation();
  // The workbench reads its own sections and ids (which may hold digits and dashes) from the whole path.
  if (path === '/work' || path.startsWith('/work/')) return <WorkbenchPage path={path} />;
  const [, screen = '', id = '', action = ''] = /^\/([a-z]+)(?:\/([^/]+))?(?:\/([a-z]+))?$/.exec(path) ?? [];
  const key = decodeURIComponent(id);
  if (screen === 'policies' && id && action === 'apply') return <ApplyPage policyId={key} />;
  if (screen === 'policies' && id && !action) return <PolicyPage id={key} />;
  if (screen === 'cases' && id && !action) return <CasePage id={key} />;
  if (path === '/me/profile') return <ProfilePage />;
  if (path === '/me') return <MePage />;
  if (path === '/notifications') return <NotificationsPage />;
  if (path === '/announcements') return <AnnouncementsPage />;
  if (path === '/callback') return <CallbackPage />;
  return <CatalogPage />;
}

function App() {
  const [largeText, setLargeText] = useState(() => localStorage.getItem(LARGE_TEXT) === '1');
  const choose = (on: boolean) => {
    localStorage.setItem(LARGE_TEXT, on ? '1' : '0');
    setLargeText(on);
  };
  return (
    <ConfigProvider
      locale={zhCN}
      // "搜 索" reads as two words to a screen reader; Chinese buttons keep their characters together.
      button={{ autoInsertSpace: false }}
      theme={{
        token: {
          fontSize: largeText ? 20 : 16,
          colorPrimary: '#b71c1c',
          borderRadius: 6,
          // Ant Design's greys, link blue and status colours are too faint for small text (WCAG AA asks 4.5:1); these read on white
          // and on the tinted alerts alike.
          colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
          colorTextDescription: 'rgba(0, 0, 0, 0.68)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
          colorLink: '#0047b3',
          colorSuccess: '#237804',
          colorWarning: '#ad6800',
          colorWarningText: '#874d00',
          colorSuccessText: '#237804',
          colorErrorText: '#a8071a',
          colorError: '#c41d1d',
          colorLinkHover: '#1d39c4',
          // Ant derives the alerts' tints from the status colours; from these darker ones it would derive muddy
          // tints that dark text and links no longer read on, so the tints are Ant's own pale ones.
          colorSuccessBg: '#f6ffed',
          colorSuccessBorder: '#b7eb8f',
          colorWarningBg: '#fffbe6',
          colorWarningBorder: '#ffe58f',
          colorErrorBg: '#fff2f0',
          colorErrorBorder: '#ffccc7',
        },
      }}
    >
      <Layout largeText={largeText} onLargeText={choose}>
        <Suspense fallback={null}>
          <Screen />
        </Suspense>
      </Layout>
    </ConfigProvider>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queries}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}

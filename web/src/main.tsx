// The web app's entry: Chinese locale, the query cache, the large-text setting a person chose last time.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Layout } from './components/layout.tsx';
import { CallbackPage } from './pages/callback.tsx';
import { CatalogPage } from './pages/catalog.tsx';
import { MePage } from './pages/me.tsx';
import { PolicyPage } from './pages/policy.tsx';
import { useLocation } from './router.tsx';
import './styles.css';

const queries = new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: 1 } } });
const LARGE_TEXT = 'huiqi.largeText';

function Screen() {
  const { path } = useLocation();
  const policy = /^\/policies\/([^/]+)$/.exec(path);
  if (policy?.[1]) return <PolicyPage id={decodeURIComponent(policy[1])} />;
  if (path === '/callback') return <CallbackPage />;
  if (path === '/me') return <MePage />;
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
      theme={{ token: { fontSize: largeText ? 20 : 16, colorPrimary: '#b71c1c', borderRadius: 6 } }}
    >
      <Layout largeText={largeText} onLargeText={choose}>
        <Screen />
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

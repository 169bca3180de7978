// The frame of every screen: the platform's name, the way back to the catalog, and the large-text switch (适老化).
import { Layout as AntLayout, Button, Flex, Switch, Typography } from 'antd';
import type { ReactNode } from 'react';
import { claimsOf, signIn, useSignOut, useUser } from '../auth.ts';
import { unreadCount, useNotices, useSeen } from '../notices.ts';
import { Link, useLocation } from '../router.tsx';

/** The enterprise's messages, with how many are new in words, not only a dot. */
function NoticesLink() {
  const user = useUser();
  const notices = useNotices(user.data);
  const seen = useSeen(user.data);
  if (!user.data || !notices.data) return null;
  const unread = unreadCount(seen, notices.data.items);
  return (
    <Link to="/notifications" className="frame-account">
      消息{unread ? `（${unread} 条未读）` : ''}
    </Link>
  );
}

/** Who is signed in, with the way to their own page and out; or the way in. */
function Account() {
  const user = useUser();
  const signOut = useSignOut();
  const { path } = useLocation();
  if (user.isLoading) return null;
  if (!user.data) {
    return (
      <Button ghost onClick={() => signIn(path === '/' ? '/me' : path)}>
        登录
      </Button>
    );
  }
  const { role, name } = claimsOf(user.data);
  return (
    <Flex align="center" gap="middle" wrap>
      {role === 'enterprise' ? <NoticesLink /> : null}
      {role === 'enterprise' ? (
        <Link to="/me" className="frame-account" title={name}>
          我的
        </Link>
      ) : (
        <Link to="/work" className="frame-account" title={name}>
          工作台
        </Link>
      )}
      <Button ghost size="small" onClick={() => void signOut()}>
        退出
      </Button>
    </Flex>
  );
}

export function Layout(props: {
  largeText: boolean;
  onLargeText: (on: boolean) => void;
  children: ReactNode;
}) {
  // Staff work on tables: the workbench takes the width a desk screen has.
  const wide = useLocation().path.startsWith('/work');
  return (
    <AntLayout className="frame">
      <a className="skip-link" href="#main">
        跳到正文
      </a>
      <AntLayout.Header className="frame-header">
        <Flex justify="space-between" align="center" gap="middle" wrap>
          <Link to="/" className="frame-title">
            惠企兑付 · 定南县
          </Link>
          <Flex align="center" gap="middle" wrap>
            <Link to="/announcements" className="frame-account">
              公示
            </Link>
            <Flex align="center" gap="small">
              <label htmlFor="large-text">大字模式</label>
              <Switch id="large-text" checked={props.largeText} onChange={props.onLargeText} />
            </Flex>
            <Account />
          </Flex>
        </Flex>
      </AntLayout.Header>
      <AntLayout.Content
        id="main"
        className={wide ? 'frame-content frame-wide' : 'frame-content'}
        tabIndex={-1}
      >
        {props.children}
      </AntLayout.Content>
      <AntLayout.Footer className="frame-footer">
        <Typography.Text type="secondary">
          政策咨询请联系各主管部门，或到县政务服务中心惠企政策专窗。金额以元显示，办理时限按工作日计。
        </Typography.Text>
      </AntLayout.Footer>
    </AntLayout>
  );
}

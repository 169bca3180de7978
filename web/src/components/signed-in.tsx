// A screen for signed-in people of some roles: anyone else is told how to get in, or where their own screens are.
import { Alert, Button, Card, Space, Typography } from 'antd';
import type { User } from 'oidc-client-ts';
import type { ReactNode } from 'react';
import { claimsOf, signIn, useUser } from '../auth.ts';
import { ROLE_NAMES } from '../labels.ts';
import { Link, useLocation } from '../router.tsx';

export function SignedIn(props: {
  /** Roles the screen serves; any signed-in role when absent. */
  roles?: string[];
  /** What signing in leads to, for the prompt's title. */
  purpose: string;
  children: (user: User) => ReactNode;
}) {
  const user = useUser();
  const { path, search } = useLocation();
  if (user.isLoading) return null;
  if (!user.data) {
    const here = search.size ? `${path}?${search}` : path;
    return (
      <Card>
        <Space direction="vertical">
          <Typography.Title level={2} style={{ marginTop: 0 }}>
            登录后{props.purpose}
          </Typography.Title>
          <Typography.Text>使用省统一身份认证平台账号登录。</Typography.Text>
          <Button type="primary" size="large" onClick={() => signIn(here)}>
            登录
          </Button>
        </Space>
      </Card>
    );
  }
  const { role, name } = claimsOf(user.data);
  if (props.roles && !props.roles.includes(role)) {
    return (
      <Alert
        type="warning"
        showIcon
        message={`此页面供${props.roles.map((r) => ROLE_NAMES[r] ?? r).join('、')}使用`}
        description={`您以${ROLE_NAMES[role] ?? role}身份登录（${name}）。${
          role === 'enterprise' ? '此页面不对企业开放。' : '如需办理企业事项，请退出后用企业账号登录。'
        }`}
        action={role === 'enterprise' ? <Link to="/me">回到我的</Link> : <Link to="/work">回到工作台</Link>}
      />
    );
  }
  return <>{props.children(user.data)}</>;
}

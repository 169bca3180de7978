// The workbench's frame: staff sign in and land on their role's screens, listed in the order the day needs them.
import { Alert, Card, Col, Flex, Row, Typography } from 'antd';
import { Suspense } from 'react';
import { claimsOf } from '../auth.ts';
import { SignedIn } from '../components/signed-in.tsx';
import { ROLE_NAMES } from '../labels.ts';
import { Link } from '../router.tsx';
import { STAFF_ROLES, screensOf, type WorkScreen } from './screens.ts';

/** The role's screens as a row of links, the current one marked for screen readers too. */
function Menu({ screens, current }: { screens: WorkScreen[]; current?: string }) {
  return (
    <nav aria-label="工作台" className="work-menu">
      <Link to="/work" aria-current={current === undefined ? 'page' : undefined}>
        工作台首页
      </Link>
      {screens.map((screen) => (
        <Link
          key={screen.section}
          to={`/work/${screen.section}`}
          aria-current={current === screen.section ? 'page' : undefined}
        >
          {screen.title}
        </Link>
      ))}
    </nav>
  );
}

function Landing({ screens, role, name }: { screens: WorkScreen[]; role: string; name: string }) {
  return (
    <Flex vertical gap="large">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 4 }}>
          工作台
        </Typography.Title>
        <Typography.Text type="secondary">
          {ROLE_NAMES[role] ?? role} · {name}
        </Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        {screens.map((screen) => (
          <Col key={screen.section} xs={24} md={12}>
            <Card>
              <Typography.Title level={2} style={{ marginTop: 0, fontSize: '1.25em' }}>
                <Link to={`/work/${screen.section}`}>{screen.title}</Link>
              </Typography.Title>
              <Typography.Text type="secondary">{screen.hint}</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
    </Flex>
  );
}

export function WorkbenchPage({ path }: { path: string }) {
  const [, section, id] = /^\/work(?:\/([a-z-]+))?(?:\/([^/]+))?\/?$/.exec(path) ?? [];
  return (
    <SignedIn roles={[...STAFF_ROLES]} purpose="进入工作台">
      {(user) => {
        const { role, name, head } = claimsOf(user);
        const screens = screensOf(role, head);
        const screen = screens.find((s) => s.section === section);
        const Screen = screen && (id && screen.detail ? screen.detail : screen.list);
        return (
          <Flex vertical gap="middle">
            <Menu screens={screens} {...(screen ? { current: screen.section } : {})} />
            {section === undefined ? (
              <Landing screens={screens} role={role} name={name} />
            ) : Screen ? (
              <Suspense fallback={<Typography.Text>正在打开……</Typography.Text>}>
                <Screen user={user} {...(id ? { id: decodeURIComponent(id) } : {})} />
              </Suspense>
            ) : (
              <Alert
                type="warning"
                showIcon
                role="alert"
                message="此页面不属于您的工作台"
                description={`您以${ROLE_NAMES[role] ?? role}身份登录，没有这个页面的权限。请从上方菜单选择您的工作。`}
                action={<Link to="/work">回到工作台首页</Link>}
              />
            )}
          </Flex>
        );
      }}
    </SignedIn>
  );
}

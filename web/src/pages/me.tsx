// 我的: what a signed-in enterprise has on the platform — the policies it qualifies for (精准推送) and why, its cases
// with their status, and its profile with the account it is paid to. Staff are shown the way to their workbench.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, List, Space, Tag, Typography } from 'antd';
import type { User } from 'oidc-client-ts';
import { ApiError } from '../../../shared/api/client.ts';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { claimsOf } from '../auth.ts';
import { SignedIn } from '../components/signed-in.tsx';
import { CASE_STATUS_COLOURS, CASE_STATUS_NAMES, MODE_COLOURS, MODE_NAMES, ROLE_NAMES } from '../labels.ts';
import { Link } from '../router.tsx';

const notRegistered = (error: unknown) =>
  error instanceof ApiError && error.code === 'ENTERPRISE_NOT_REGISTERED';

/** A phone shows a few at a time; the rest are a page away. */
const PAGED = { pageSize: 5, size: 'small', hideOnSinglePage: true, showSizeChanger: false } as const;

function Matches({ token }: { token: string }) {
  const matches = useQuery({
    queryKey: ['matches', token],
    queryFn: () => api.call('GET /enterprises/me/matches', {}, token),
    retry: false,
  });
  if (matches.error && notRegistered(matches.error)) return null;
  return (
    <Card title="可享政策（精准推送）" loading={matches.isLoading}>
      {matches.isError ? (
        <Alert type="error" showIcon message="暂时无法读取可享政策" description="请稍后刷新页面。" />
      ) : (
        <List
          dataSource={matches.data?.items ?? []}
          locale={{ emptyText: <Empty description="暂未找到符合条件的政策；完善企业标签后可再查看" /> }}
          pagination={PAGED}
          renderItem={(match) => <MatchItem match={match} />}
        />
      )}
      {matches.data?.nearMisses.length ? (
        <section aria-labelledby="near-misses" style={{ marginTop: 16 }}>
          <Typography.Title level={3} id="near-misses">
            还差一项条件的政策
          </Typography.Title>
          <List
            dataSource={matches.data.nearMisses}
            pagination={PAGED}
            renderItem={(match) => <MatchItem match={match} />}
          />
        </section>
      ) : null}
    </Card>
  );
}

type Match = ClientResponse<'GET /enterprises/me/matches'>['items'][number];

/** A policy with why it matches, and for a near miss what is missing, each said in words with a mark. */
function MatchItem({ match }: { match: Match }) {
  const missing = match.reasons.filter((r) => !r.met);
  const met = match.reasons.filter((r) => r.met);
  return (
    <List.Item key={match.policy.id}>
      <Space direction="vertical" size={2}>
        <Link to={`/policies/${encodeURIComponent(match.policy.id)}`}>
          <Typography.Text strong>{match.policy.name}</Typography.Text>
        </Link>
        <Space wrap size={4}>
          <Tag color={MODE_COLOURS[match.policy.mode]}>{MODE_NAMES[match.policy.mode]}</Tag>
          <Tag>{match.policy.departmentName}</Tag>
        </Space>
        <Typography.Text>{match.howToClaim}</Typography.Text>
        {missing.map((r) => (
          <Typography.Text key={r.criterion} type="warning">
            ✗ 还缺：{r.message}
          </Typography.Text>
        ))}
        <Typography.Text type="secondary">
          ✓ 符合的条件：{met.map((r) => r.message).join('；') || '无特别条件'}
        </Typography.Text>
      </Space>
    </List.Item>
  );
}

function Cases({ token }: { token: string }) {
  const cases = useQuery({
    queryKey: ['cases', token],
    queryFn: () => api.call('GET /applications', {}, token),
  });
  return (
    <Card title="我的办件" loading={cases.isLoading}>
      <List
        // What waits on the enterprise (a return to correct) comes first, then the newest.
        dataSource={[...(cases.data?.items ?? [])].sort(
          (a, b) =>
            Number(b.status === 'returned') - Number(a.status === 'returned') ||
            b.createdAt.localeCompare(a.createdAt),
        )}
        pagination={PAGED}
        locale={{ emptyText: <Empty description="还没有办件。在政策目录中找到政策后即可申请" /> }}
        renderItem={(record) => (
          <List.Item key={record.id}>
            <Space direction="vertical" size={2}>
              <Link to={`/cases/${encodeURIComponent(record.id)}`}>
                <Typography.Text strong>{record.policyName ?? `政策事项 ${record.policyId}`}</Typography.Text>
              </Link>
              <Space wrap size={4}>
                <Tag color={CASE_STATUS_COLOURS[record.status]}>{CASE_STATUS_NAMES[record.status]}</Tag>
                <Typography.Text type="secondary">
                  提交于 {record.createdAt.slice(0, 10)}
                  {record.dueOn ? `，承诺 ${record.dueOn} 前办结` : ''}
                </Typography.Text>
              </Space>
              {record.correctionRequest && record.status === 'returned' ? (
                <Typography.Text type="warning">需补正：{record.correctionRequest}</Typography.Text>
              ) : null}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

const useProfile = (token: string) =>
  useQuery({
    queryKey: ['profile', token],
    queryFn: () => api.call('GET /enterprises/me', {}, token),
    retry: false,
  });

/** An enterprise not yet registered is told so first: nothing else works until it is. */
function Registration({ token }: { token: string }) {
  const profile = useProfile(token);
  if (!(profile.error && notRegistered(profile.error))) return null;
  return (
    <Alert
      type="warning"
      showIcon
      message="请先登记企业信息和银行账户"
      description="登记后才能查看可享政策、申请兑付。也可到县政务服务中心惠企政策专窗办理登记。"
      action={<Link to="/me/profile">现在登记</Link>}
    />
  );
}

function Profile({ token }: { token: string }) {
  const profile = useProfile(token);
  if (profile.error && notRegistered(profile.error)) return null;
  const enterprise = profile.data;
  return (
    <Card title="企业信息" loading={profile.isLoading} extra={<Link to="/me/profile">修改</Link>}>
      {enterprise ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label="企业名称">{enterprise.name}</Descriptions.Item>
          <Descriptions.Item label="统一社会信用代码">{enterprise.uscc}</Descriptions.Item>
          <Descriptions.Item label="法定代表人">{enterprise.legalRepresentative}</Descriptions.Item>
          <Descriptions.Item label="企业标签">{enterprise.tags.join('、') || '无'}</Descriptions.Item>
          <Descriptions.Item label="收款账户">
            {enterprise.bankAccount.bankName} {enterprise.bankAccount.accountNo}（
            {enterprise.bankAccount.accountName}）
          </Descriptions.Item>
          <Descriptions.Item label="开户行联行号">
            {enterprise.bankAccount.bankCode ?? '未填写（跨行收款需要）'}
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        变更收款账户后，之后的兑付会受到更严格的核查。
      </Typography.Paragraph>
    </Card>
  );
}

function Signed({ user }: { user: User }) {
  const { role, name } = claimsOf(user);
  if (role !== 'enterprise') {
    return (
      <Alert
        type="info"
        showIcon
        message={`您以${ROLE_NAMES[role] ?? role}身份登录（${name}）`}
        description="工作人员请在工作台办理待办事项。"
        action={<Link to="/work">进入工作台</Link>}
      />
    );
  }
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 4 }}>
          我的惠企政策
        </Typography.Title>
        <Typography.Text type="secondary">{name}</Typography.Text>
      </div>
      <Registration token={user.access_token} />
      <Cases token={user.access_token} />
      <Matches token={user.access_token} />
      <Profile token={user.access_token} />
    </Space>
  );
}

export function MePage() {
  return <SignedIn purpose="查看可享政策和办件进度">{(user) => <Signed user={user} />}</SignedIn>;
}

// 我的消息: what the platform told the enterprise about its cases and payments, newest first, each leading to its case.
import { Badge, Card, Empty, Flex, List, Space, Typography } from 'antd';
import type { User } from 'oidc-client-ts';
import { useEffect, useState } from 'react';
import { Refusal } from '../components/refusal.tsx';
import { SignedIn } from '../components/signed-in.tsx';
import { markSeen, unreadCount, useNotices, useSeen } from '../notices.ts';
import { Link } from '../router.tsx';

function Notices({ user }: { user: User }) {
  const notices = useNotices(user);
  const seen = useSeen(user);
  const items = [...(notices.data?.items ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  // What was new when the page opened stays marked while it is read.
  const [newOnOpen, setNewOnOpen] = useState<number | undefined>();
  useEffect(() => {
    if (!notices.data || newOnOpen !== undefined) return;
    setNewOnOpen(unreadCount(seen, notices.data.items));
    markSeen(user, notices.data.items);
  }, [notices.data, newOnOpen, user, seen]);
  if (notices.isError) return <Refusal error={notices.error} title="暂时无法读取消息" />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Link to="/me">← 返回我的</Link>
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        我的消息
      </Typography.Title>
      <List
        loading={notices.isLoading}
        dataSource={items}
        locale={{ emptyText: <Empty description="还没有消息。办件有进展时会在这里通知您" /> }}
        renderItem={(notice, index) => (
          <List.Item key={`${notice.at}${notice.title}`}>
            <Card size="small" style={{ width: '100%' }}>
              <Flex vertical gap={4}>
                <Flex gap={8} align="center" wrap>
                  {index < (newOnOpen ?? 0) ? <Badge status="processing" text="新消息" /> : null}
                  <Typography.Text strong>{notice.title}</Typography.Text>
                </Flex>
                <Typography.Text>{notice.message}</Typography.Text>
                <Flex gap={12} wrap>
                  <Typography.Text type="secondary">
                    {new Date(notice.at).toLocaleString('zh-CN', {
                      timeZone: 'Asia/Shanghai',
                      hour12: false,
                    })}
                  </Typography.Text>
                  {notice.caseId ? (
                    <Link to={`/cases/${encodeURIComponent(notice.caseId)}`}>查看办件</Link>
                  ) : null}
                </Flex>
              </Flex>
            </Card>
          </List.Item>
        )}
      />
    </Space>
  );
}

export function NotificationsPage() {
  return (
    <SignedIn roles={['enterprise']} purpose="查看消息">
      {(user) => <Notices user={user} />}
    </SignedIn>
  );
}

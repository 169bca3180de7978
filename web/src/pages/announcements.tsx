// 公示: the approved cases still in announcement, open to everyone; anyone signed in may object before it ends.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { signIn, useUser } from '../auth.ts';
import { Refusal } from '../components/refusal.tsx';
import { yuan } from '../labels.ts';

type Announced = ClientResponse<'GET /announcements'>['items'][number];

function Objection({ item }: { item: Announced }) {
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const object = useMutation({
    mutationFn: (token: string) =>
      api.call(
        'POST /applications/{id}/objections',
        { path: { id: item.caseId }, body: { reason: reason.trim() } },
        token,
      ),
  });
  if (object.data) {
    return (
      <Alert
        type="success"
        showIcon
        role="status"
        message="异议已提交"
        description={`主管部门将在 ${object.data.dueDate} 前核实处理；核实期间暂停兑付。`}
      />
    );
  }
  if (!open) {
    const action = user.data ? '提出异议' : '登录后提出异议';
    return (
      <div>
        <Button
          onClick={() => (user.data ? setOpen(true) : void signIn('/announcements'))}
          // The visible words first, so a person who says them to voice control is understood.
          aria-label={`${action}：${item.policyName ?? item.policyId}（${item.uscc}）`}
        >
          {action}
        </Button>
      </div>
    );
  }
  const id = `objection-${item.caseId}`;
  return (
    <Flex vertical gap={8}>
      <label htmlFor={id}>异议理由（至少 5 个字，请写明事实和依据）</label>
      <Input.TextArea
        id={id}
        rows={3}
        maxLength={2000}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      {object.isError ? <Refusal error={object.error} title="异议没有提交成功" /> : null}
      <Flex gap="small" wrap>
        <Button
          type="primary"
          loading={object.isPending}
          onClick={() => user.data && object.mutate(user.data.access_token)}
        >
          提交异议
        </Button>
        <Button onClick={() => setOpen(false)}>取消</Button>
      </Flex>
    </Flex>
  );
}

export function AnnouncementsPage() {
  const announcements = useQuery({
    queryKey: ['announcements'],
    queryFn: () => api.call('GET /announcements', {}),
  });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          兑付公示
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          以下企业拟获得政策兑付，正在公示。对公示内容有异议的，可在公示期内登录后提出，主管部门会核实处理。
        </Typography.Paragraph>
      </div>
      {announcements.isError ? (
        <Refusal error={announcements.error} title="暂时无法读取公示" />
      ) : (
        <List
          loading={announcements.isLoading}
          dataSource={announcements.data?.items ?? []}
          locale={{ emptyText: <Empty description="目前没有正在公示的兑付" /> }}
          renderItem={(item) => (
            <List.Item key={item.caseId}>
              <Card size="small" style={{ width: '100%' }}>
                <Flex vertical gap={6}>
                  <Typography.Text strong>{item.policyName ?? `政策事项 ${item.policyId}`}</Typography.Text>
                  <Typography.Text>统一社会信用代码：{item.uscc}</Typography.Text>
                  <Typography.Text>
                    拟兑付金额：{item.approvedAmountFen === undefined ? '—' : yuan(item.approvedAmountFen)}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    公示截止：{item.announcementEndsOn ?? '—'}
                  </Typography.Text>
                  <Objection item={item} />
                </Flex>
              </Card>
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

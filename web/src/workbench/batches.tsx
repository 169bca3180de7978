// 白名单批次: the whitelist batches departments pushed (免申即享), and how far each one's payments have come.
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Progress,
  Row,
  Statistic,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { Refusal } from '../components/refusal.tsx';
import { when } from '../labels.ts';
import { Link, navigate } from '../router.tsx';
import { useDepartmentNames, usePolicyNames } from './parts.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type Listed = ClientResponse<'GET /payments'>['items'][number];
type Progressed = ClientResponse<'GET /whitelist-batches/{id}'>;

interface BatchRow {
  batchId: string;
  policyName: string;
  departmentId: string;
  period: string;
  payments: number;
  held: number;
  lastAt: string;
}

/** The batches behind the latest payments, newest first. */
function batchesOf(items: Listed[]): BatchRow[] {
  const rows = new Map<string, BatchRow>();
  for (const item of items) {
    if ('deadLetter' in item || !item.batchId) continue;
    const row = rows.get(item.batchId) ?? {
      batchId: item.batchId,
      policyName: item.policyName,
      departmentId: item.departmentId,
      period: item.period,
      payments: 0,
      held: 0,
      lastAt: item.updatedAt,
    };
    row.payments += 1;
    if (item.status === 'held') row.held += 1;
    if (item.updatedAt > row.lastAt) row.lastAt = item.updatedAt;
    rows.set(item.batchId, row);
  }
  return [...rows.values()].sort((a, b) => b.lastAt.localeCompare(a.lastAt));
}

export function WhitelistBatches({ user }: ScreenProps) {
  const token = user.access_token;
  const [asked, setAsked] = useState('');
  const departmentName = useDepartmentNames();
  const payments = useQuery({
    queryKey: ['payments', 'latest', token],
    queryFn: () => api.call('GET /payments', { query: { limit: 500 } }, token),
  });
  const rows = batchesOf(payments.data?.items ?? []);
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          白名单批次
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          主管部门推送的免申即享白名单，按最近兑付排列。点开一个批次可查看每一步的进度和被拒收的条目。
        </Typography.Paragraph>
      </div>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (asked.trim()) navigate(`/work/whitelist-batches/${encodeURIComponent(asked.trim())}`);
        }}
      >
        <Flex gap="small" wrap>
          <Input
            aria-label="批次标识"
            placeholder="输入批次标识查看进度"
            value={asked}
            onChange={(event) => setAsked(event.target.value)}
            style={{ flex: '1 1 240px', maxWidth: 420 }}
          />
          <Button htmlType="submit" disabled={!asked.trim()}>
            查看进度
          </Button>
        </Flex>
      </form>
      {payments.isError ? <Refusal error={payments.error} title="暂时无法读取兑付记录" /> : null}
      <WideTable<BatchRow>
        label="白名单批次"
        rowKey="batchId"
        loading={payments.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description="最近没有白名单兑付" /> }}
        columns={[
          {
            title: '批次标识',
            key: 'batch',
            render: (_, row) => (
              <Link to={`/work/whitelist-batches/${encodeURIComponent(row.batchId)}`}>{row.batchId}</Link>
            ),
          },
          { title: '政策', dataIndex: 'policyName' },
          { title: '推送部门', key: 'department', render: (_, row) => departmentName(row.departmentId) },
          { title: '兑付期间', dataIndex: 'period' },
          { title: '最近兑付笔数', dataIndex: 'payments', align: 'right' },
          {
            title: '风险暂停',
            key: 'held',
            align: 'right',
            render: (_, row) => (row.held ? `${row.held} 笔待处理` : '无'),
          },
          { title: '最近更新', key: 'at', render: (_, row) => when(row.lastAt) },
        ]}
      />
    </Flex>
  );
}

const STEPS: { key: keyof Progressed; label: string }[] = [
  { key: 'paid', label: '已兑付' },
  { key: 'inProgress', label: '处理中' },
  { key: 'held', label: '风险暂停' },
  { key: 'failed', label: '失败' },
  { key: 'returned', label: '银行退回' },
  { key: 'rejected', label: '拒付' },
];

export function WhitelistBatch({ user, id = '' }: ScreenProps) {
  const token = user.access_token;
  const batch = useQuery({
    queryKey: ['whitelist-batch', id, token],
    queryFn: () => api.call('GET /whitelist-batches/{id}', { path: { id } }, token),
    // A batch under way moves on its own: look again while some entries are still in progress.
    refetchInterval: (query) => (query.state.data?.inProgress ? 5_000 : false),
  });
  const { nameOf } = usePolicyNames();
  const departmentName = useDepartmentNames();
  const back = <Link to="/work/whitelist-batches">← 返回白名单批次</Link>;
  if (batch.isError)
    return (
      <Flex vertical gap="middle">
        {back}
        <Refusal error={batch.error} title="无法打开这个批次" />
      </Flex>
    );
  const data = batch.data;
  if (!data) return <Typography.Text>正在读取批次……</Typography.Text>;
  // Held entries wait on the payer: they are not done, though the payer's queue has finished with them.
  const ended = data.paid + data.failed + data.returned + data.rejected;
  const percent = data.accepted ? Math.round((ended / data.accepted) * 100) : 100;
  return (
    <Flex vertical gap="middle">
      {back}
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        白名单批次 {data.batchRef}
      </Typography.Title>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'policy', label: '政策', children: nameOf(data.policyId) },
          { key: 'period', label: '兑付期间', children: data.period },
          { key: 'department', label: '推送部门', children: departmentName(data.departmentId) },
          { key: 'at', label: '推送时间', children: when(data.createdAt) },
          { key: 'id', label: '批次标识', children: data.id },
        ]}
      />
      <Card>
        <Flex vertical gap="small">
          <Typography.Text>
            受理 {data.accepted} 条，已办结 {ended} 条（{percent}%）
            {data.held ? `，风险暂停 ${data.held} 条待兑付机构处理` : ''}
            {data.inProgress ? `，还有 ${data.inProgress} 条在处理` : ''}
            {ended === data.accepted ? '，全部办结' : ''}；推送时拒收 {data.refused} 条。
          </Typography.Text>
          <Progress percent={percent} showInfo={false} aria-hidden="true" />
          <Row gutter={[16, 16]}>
            {STEPS.map((step) => (
              <Col key={step.key} xs={12} md={4}>
                <Statistic title={step.label} value={data[step.key] as number} suffix="条" />
              </Col>
            ))}
          </Row>
          {data.held ? <Link to="/work/held-payments">有 {data.held} 条因风险预警暂停，去处理 →</Link> : null}
        </Flex>
      </Card>
      {data.refusals.length ? (
        <>
          <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
            推送时拒收的条目
          </Typography.Title>
          <WideTable
            label="拒收的条目"
            rowKey={(row) => `${row.line}${row.code}`}
            dataSource={data.refusals}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '名单第几条', dataIndex: 'line', align: 'right' },
              { title: '原因', dataIndex: 'message' },
              { title: '代码', dataIndex: 'code' },
            ]}
          />
        </>
      ) : null}
    </Flex>
  );
}

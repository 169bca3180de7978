// The payer's payments: those held by a red risk warning, to release or reject with a reason, and those that failed,
// with what failed. Held payments come first in the payer's day: their money is reserved until someone decides.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Flex, Input, List, Tag, Typography } from 'antd';
import { useId, useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import { TAG_COLOURS, when, yuan } from '../labels.ts';
import { Link } from '../router.tsx';
import { WarningTag } from './parts.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type Listed = ClientResponse<'GET /payments'>['items'][number];
type Payment = Exclude<Listed, { deadLetter: true }>;
type DeadLetter = Extract<Listed, { deadLetter: true }>;

const isPayment = (item: Listed): item is Payment => !('deadLetter' in item);

function HeldPayment({
  payment,
  token,
  onDecided,
}: {
  payment: Payment;
  token: string;
  onDecided: (said: string) => void;
}) {
  const queries = useQueryClient();
  const [reason, setReason] = useState('');
  const reasonId = useId();
  const decide = useMutation({
    mutationFn: (decision: 'release' | 'reject') =>
      api.call(
        decision === 'release' ? 'POST /payments/{id}/release' : 'POST /payments/{id}/reject',
        { path: { id: payment.id }, body: { reason: reason.trim() } },
        token,
      ),
    onSuccess: (_, decision) => {
      onDecided(
        `${decision === 'release' ? '已放行' : '已拒付'}：${payment.enterpriseName} ${yuan(payment.amountFen)}，已移出待处理列表。`,
      );
      return queries.invalidateQueries({ queryKey: ['payments'] });
    },
  });
  const tooShort = reason.trim().length < 2;
  // Red first: they are why the payment stopped.
  const warnings = [...payment.warnings].sort((a, b) => a.colour.localeCompare(b.colour));
  return (
    <Card
      size="small"
      style={{ width: '100%' }}
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: '1.1em', whiteSpace: 'normal' }}>
          {payment.enterpriseName} · {yuan(payment.amountFen)}
        </Typography.Title>
      }
    >
      <Flex vertical gap="middle">
        <ul className="warning-list" aria-label="风险预警">
          {warnings.map((warning) => (
            <li key={`${warning.rule}${warning.detail}`}>
              <WarningTag colour={warning.colour} rule={warning.rule} />
              <Typography.Text>{warning.detail}</Typography.Text>
            </li>
          ))}
        </ul>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'policy', label: '政策', children: payment.policyName },
            { key: 'period', label: '兑付期间', children: payment.period },
            { key: 'uscc', label: '统一社会信用代码', children: payment.uscc },
            {
              key: 'account',
              label: '收款账户',
              children: `${payment.bankAccount.bankName} ${payment.bankAccount.accountNo}（${payment.bankAccount.accountName}）`,
            },
            {
              key: 'source',
              label: '来源',
              children:
                payment.source === 'case' ? (
                  `办件 ${payment.caseId ?? ''}`
                ) : payment.batchId ? (
                  <Link to={`/work/whitelist-batches/${encodeURIComponent(payment.batchId)}`}>
                    白名单批次第 {payment.line} 行
                  </Link>
                ) : (
                  '白名单'
                ),
            },
            { key: 'received', label: '收到指令', children: when(payment.receivedAt) },
          ]}
        />
        <div>
          <label htmlFor={reasonId}>处理理由（必填，记入审计）</label>
          <Input.TextArea
            id={reasonId}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            autoSize={{ minRows: 2, maxRows: 5 }}
            maxLength={500}
            placeholder="例如：已核实为集团统一结算账户"
          />
        </div>
        {decide.isError ? <Refusal error={decide.error} title="未能处理这笔兑付" /> : null}
        <Flex gap="small" wrap>
          <Button
            type="primary"
            disabled={tooShort}
            loading={decide.isPending && decide.variables === 'release'}
            onClick={() => decide.mutate('release')}
          >
            放行兑付
          </Button>
          <Button
            danger
            disabled={tooShort}
            loading={decide.isPending && decide.variables === 'reject'}
            onClick={() => decide.mutate('reject')}
          >
            拒付
          </Button>
          {tooShort ? (
            <Typography.Text type="secondary">填写理由（至少 2 个字）后才能放行或拒付</Typography.Text>
          ) : null}
        </Flex>
      </Flex>
    </Card>
  );
}

export function HeldPayments({ user }: ScreenProps) {
  const token = user.access_token;
  const [decided, setDecided] = useState('');
  const held = useQuery({
    queryKey: ['payments', 'held', token],
    queryFn: () => api.call('GET /payments', { query: { status: 'held', limit: 500 } }, token),
  });
  const items = (held.data?.items ?? []).filter(isPayment);
  if (held.isError) return <Refusal error={held.error} title="暂时无法读取暂停的兑付" />;
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          风险暂停的兑付
        </Typography.Title>
        {held.data ? (
          <Typography.Paragraph strong>
            {items.length ? `共 ${items.length} 笔待处理` : '没有待处理的暂停兑付'}
          </Typography.Paragraph>
        ) : null}
        <Typography.Paragraph type="secondary">
          这些兑付因红色风险预警暂停，额度已冻结。请逐笔核实预警，填写理由后放行或拒付；放行后即向银行发出支付指令，拒付后额度退回资金池。
        </Typography.Paragraph>
      </div>
      {decided ? <Alert type="success" showIcon role="status" message={decided} /> : null}
      <List
        loading={held.isLoading}
        dataSource={items}
        rowKey="id"
        locale={{ emptyText: <Empty description="没有暂停的兑付，无需处理" /> }}
        pagination={items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        renderItem={(payment) => (
          <List.Item key={payment.id} style={{ paddingInline: 0 }}>
            <HeldPayment payment={payment} token={token} onDecided={setDecided} />
          </List.Item>
        )}
      />
    </Flex>
  );
}

const statusTag = (item: Listed) =>
  'deadLetter' in item ? (
    <Tag color={TAG_COLOURS.red}>死信队列</Tag>
  ) : (
    <Tag color={TAG_COLOURS.red}>兑付失败</Tag>
  );

export function FailedPayments({ user }: ScreenProps) {
  const token = user.access_token;
  const failed = useQuery({
    queryKey: ['payments', 'failed', token],
    queryFn: () => api.call('GET /payments', { query: { status: 'failed', limit: 500 } }, token),
  });
  const items = failed.data?.items ?? [];
  if (failed.isError) return <Refusal error={failed.error} title="暂时无法读取失败的兑付" />;
  const enterpriseOf = (item: Listed) =>
    isPayment(item) ? item.enterpriseName : (item.uscc ?? '（无法读取）');
  const policyOf = (item: Listed) => (isPayment(item) ? item.policyName : (item.policyId ?? '—'));
  const timeOf = (item: Listed) => (isPayment(item) ? item.updatedAt : ((item as DeadLetter).sentAt ?? ''));
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          兑付失败
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          未能付出的兑付及失败原因。资金池额度不足的，请联系财政拨付后由主管部门重新推送；死信队列中的指令请联系平台运维处理。
        </Typography.Paragraph>
      </div>
      <Flex justify="end">
        <Button
          disabled={items.length === 0}
          onClick={() =>
            saveCsv(`兑付失败-${new Date().toISOString().slice(0, 10)}.csv`, [
              ['兑付单号', '企业', '政策', '金额（元）', '失败原因', '时间'],
              ...items.map((item) => [
                item.id,
                enterpriseOf(item),
                policyOf(item),
                item.amountFen === undefined ? '' : (item.amountFen / 100).toFixed(2),
                item.reason ?? '',
                timeOf(item) ? when(timeOf(item)) : '',
              ]),
            ])
          }
        >
          导出 CSV
        </Button>
      </Flex>
      <WideTable<Listed>
        label="失败的兑付"
        rowKey="id"
        loading={failed.isLoading}
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description="没有失败的兑付" /> }}
        columns={[
          { title: '状态', key: 'status', render: (_, item) => statusTag(item) },
          { title: '失败原因', key: 'reason', render: (_, item) => item.reason ?? '—' },
          { title: '企业', key: 'enterprise', render: (_, item) => enterpriseOf(item) },
          {
            title: '金额',
            key: 'amount',
            align: 'right',
            render: (_, item) => (item.amountFen === undefined ? '—' : yuan(item.amountFen)),
          },
          { title: '政策', key: 'policy', render: (_, item) => policyOf(item) },
          {
            title: '时间',
            key: 'at',
            render: (_, item) => (timeOf(item) ? when(timeOf(item)) : '—'),
          },
          { title: '兑付单号', dataIndex: 'id' },
        ]}
      />
    </Flex>
  );
}

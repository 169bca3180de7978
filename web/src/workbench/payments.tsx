// The payer's payments held by a red risk warning, to release or reject with a reason. Held payments come first in
// the payer's day: their money is reserved until someone decides.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Flex, List, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api.ts';
import { Refusal } from '../components/refusal.tsx';
import { accountWords, when, yuan } from '../labels.ts';
import { Link } from '../router.tsx';
import { WarningTag } from './parts.tsx';
import { isPayment, type Payment, PaymentDecision } from './payment-decision.tsx';
import type { ScreenProps } from './screens.ts';

function HeldPayment({
  payment,
  token,
  onDecided,
}: {
  payment: Payment;
  token: string;
  onDecided: (said: string) => void;
}) {
  const done = `${payment.enterpriseName} ${yuan(payment.amountFen)}，已移出待处理列表。`;
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
              children: accountWords(payment.bankAccount),
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
        <PaymentDecision
          payment={payment}
          token={token}
          placeholder="例如：已核实为集团统一结算账户"
          hint="填写理由（至少 2 个字）后才能放行或拒付"
          onDecided={onDecided}
          actions={[
            { route: 'POST /payments/{id}/release', label: '放行兑付', said: () => `已放行：${done}` },
            {
              route: 'POST /payments/{id}/reject',
              label: '拒付',
              danger: true,
              said: () => `已拒付：${done}`,
            },
          ]}
        />
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

// The payer's payments that failed or the bank sent back, and what happens to each. Most retry themselves: a pool
// that could not pay once it is funded, an account the bank refused once the enterprise confirms another. The rest
// wait on the payer to retry or cancel them, so they come first; dead letters head the list for the platform's
// operators.
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Grid,
  List,
  Modal,
  Select,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { BANK_ATTEMPTS, BANK_PAUSE_MINUTES, retriedByThePlatform } from '../../../shared/payments/causes.ts';
import { PAYMENT_STATUS_NAMES } from '../../../shared/payments/status-names.ts';
import { api } from '../api.ts';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import { accountWords, TAG_COLOURS, when, yuan } from '../labels.ts';
import {
  type DeadLetter,
  type DecisionAction,
  isPayment,
  type Listed,
  type Payment,
  PaymentDecision,
} from './payment-decision.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

/** Who moves a payment on: the platform's operators, the payer, or the platform by itself once the cause is gone. */
type Next = 'operators' | 'payer' | 'automatic';

const nextOf = (item: Listed): Next => {
  if (!isPayment(item)) return 'operators';
  return retriedByThePlatform(item) ? 'automatic' : 'payer';
};
const URGENCY: Record<Next, number> = { operators: 0, payer: 1, automatic: 2 };

const NEEDS_YOU = '需要您处理：重新兑付或取消';
/** What will happen to the item, in the words the payer reads in its row. */
function nextWords(item: Listed): { text: string; note?: string } {
  if (!isPayment(item)) return { text: '请联系平台运维处理' };
  if (nextOf(item) === 'payer')
    return item.cause === 'bank'
      ? { text: NEEDS_YOU, note: `银行已 ${BANK_ATTEMPTS} 次拒绝付款，请先与开户银行核实付款账户和额度` }
      : { text: NEEDS_YOU };
  if (item.cause === 'pool') return { text: '资金池拨付足额后自动重新兑付' };
  if (item.cause === 'bank')
    return {
      text: `银行因付款方原因未付，失败 ${BANK_PAUSE_MINUTES} 分钟后自动重新兑付`,
      note: '请核实付款账户余额与额度',
    };
  // The sweep retries it once the enterprise confirms another account on the platform: a whitelist's enterprise may
  // never have registered, and then nothing will.
  return {
    text: '企业变更收款账户后自动按新账户重新兑付',
    note: '企业未在平台注册、无法变更账户的，需要您处理：核实账户后重新兑付或取消',
  };
}

const enterpriseOf = (item: Listed) =>
  isPayment(item) ? item.enterpriseName : (item.uscc ?? '（无法读取）');
const policyOf = (item: Listed) => (isPayment(item) ? item.policyName : (item.policyId ?? '—'));
const timeOf = (item: Listed) => (isPayment(item) ? item.updatedAt : ((item as DeadLetter).sentAt ?? ''));
const attemptWords = (item: Listed) => (isPayment(item) && item.attempt ? `第 ${item.attempt} 次兑付` : '');

function StatusTag({ item }: { item: Listed }) {
  if (!isPayment(item)) return <Tag color={TAG_COLOURS.red}>死信队列</Tag>;
  return (
    <Tag color={item.status === 'returned' ? TAG_COLOURS.orange : TAG_COLOURS.red}>
      {PAYMENT_STATUS_NAMES[item.status]}
    </Tag>
  );
}

function NextStep({ item }: { item: Listed }) {
  const { text, note } = nextWords(item);
  return (
    <Flex vertical gap={2}>
      <Typography.Text strong={nextOf(item) !== 'automatic'}>{text}</Typography.Text>
      {note ? <Typography.Text type="secondary">{note}</Typography.Text> : null}
    </Flex>
  );
}

type Choice = { payment: Payment; decision: 'retry' | 'cancel' };

function Actions({ item, onChoose }: { item: Listed; onChoose: (choice: Choice) => void }) {
  if (!isPayment(item)) return null;
  return (
    <Flex gap="small" wrap>
      <Button onClick={() => onChoose({ payment: item, decision: 'retry' })}>重新兑付</Button>
      <Button danger onClick={() => onChoose({ payment: item, decision: 'cancel' })}>
        取消兑付
      </Button>
    </Flex>
  );
}

/** What retrying or cancelling this payment will do, said before the payer confirms it. */
function consequence({ payment, decision }: Choice): ReactNode {
  if (decision === 'cancel') return '取消后这笔款项不再兑付，平台会通知企业。取消后不能撤回。';
  const next = (payment.attempt ?? 1) + 1;
  const account = accountWords(payment.bankAccount);
  return (
    <>
      将按收款账户 {account} 再次向银行发出支付指令（第 {next} 次兑付），所需额度从资金池重新冻结。
      {payment.cause === 'payee'
        ? '银行上次因收款账户退回，请先与企业核实账户已恢复正常，否则银行会再次退回。'
        : ''}
      {payment.cause === 'pool' ? '资金池额度足够时平台会自动重新兑付，通常无需手动发起。' : ''}
      {payment.cause === 'bank' ? '银行上次因付款方原因拒绝，请先确认付款账户余额与额度已恢复。' : ''}
    </>
  );
}

function DecideModal({
  choice,
  token,
  onClose,
  onDecided,
}: {
  choice: Choice;
  token: string;
  onClose: () => void;
  onDecided: (said: string) => void;
}) {
  const { payment, decision } = choice;
  const who = `${payment.enterpriseName} ${yuan(payment.amountFen)}`;
  const action: DecisionAction =
    decision === 'retry'
      ? {
          route: 'POST /payments/{id}/retry',
          label: '确认重新兑付',
          said: (decided) =>
            `已重新发起第 ${decided.attempt ?? 2} 次兑付：${who}。银行如再次退回，会重新出现在本页。`,
        }
      : {
          route: 'POST /payments/{id}/cancel',
          label: '确认取消兑付',
          danger: true,
          said: () => `已取消，已通知企业：${who}。`,
        };
  return (
    <Modal
      open
      title={`${decision === 'retry' ? '重新兑付' : '取消兑付'}：${who}`}
      onCancel={onClose}
      footer={<Button onClick={onClose}>返回</Button>}
    >
      <Flex vertical gap="middle">
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'status',
              label: '状态',
              children: `${PAYMENT_STATUS_NAMES[payment.status]} ${attemptWords(payment)}`,
            },
            { key: 'reason', label: '原因', children: payment.reason ?? '—' },
            { key: 'policy', label: '政策', children: `${payment.policyName}（${payment.period}）` },
          ]}
        />
        <Alert type={decision === 'cancel' ? 'warning' : 'info'} showIcon message={consequence(choice)} />
        <PaymentDecision
          payment={payment}
          token={token}
          actions={[action]}
          placeholder={
            decision === 'retry' ? '例如：已与企业核实，银行账户已恢复正常' : '例如：企业已注销，不再兑付'
          }
          hint={`填写理由（至少 2 个字）后才能${decision === 'retry' ? '重新兑付' : '取消兑付'}`}
          onDecided={(said) => {
            onDecided(said);
            onClose();
          }}
        />
      </Flex>
    </Modal>
  );
}

function exportItems(items: Listed[]) {
  saveCsv(`兑付失败与退回-${new Date().toISOString().slice(0, 10)}.csv`, [
    ['兑付单号', '状态', '第几次兑付', '企业', '政策', '金额（元）', '原因', '后续处理', '时间'],
    ...items.map((item) => [
      item.id,
      isPayment(item) ? PAYMENT_STATUS_NAMES[item.status] : '死信队列',
      isPayment(item) ? String(item.attempt ?? 1) : '',
      enterpriseOf(item),
      policyOf(item),
      item.amountFen === undefined ? '' : (item.amountFen / 100).toFixed(2),
      item.reason ?? '',
      nextWords(item).text,
      timeOf(item) ? when(timeOf(item)) : '',
    ]),
  ]);
}

/** The count the payer reads first: how many wait on them, how many will move by themselves. */
function summary(items: Listed[]) {
  const count = (next: Next) => items.filter((item) => nextOf(item) === next).length;
  const parts = [
    count('payer') ? `${count('payer')} 笔需要您处理` : '',
    count('automatic') ? `${count('automatic')} 笔条件满足后自动重新兑付` : '',
    count('operators') ? `${count('operators')} 笔在死信队列，请联系平台运维` : '',
  ].filter(Boolean);
  return `共 ${items.length} 笔：${parts.join('，')}`;
}

const NEXT_FILTER: Record<Next, string> = {
  operators: '死信队列（平台运维处理）',
  payer: '需要您处理',
  automatic: '将自动重新兑付',
};

export function FailedPayments({ user }: ScreenProps) {
  const token = user.access_token;
  const narrow = !Grid.useBreakpoint().md;
  const [choice, setChoice] = useState<Choice>();
  const [decided, setDecided] = useState('');
  const [next, setNext] = useState<Next>();
  // A retried payment comes back here if the bank returns it again: the list keeps itself current.
  const listed = (status: 'failed' | 'returned') => ({
    queryKey: ['payments', status, token],
    queryFn: () => api.call('GET /payments', { query: { status, limit: 500 } }, token),
    refetchInterval: 30_000,
  });
  const failed = useQuery(listed('failed'));
  const returned = useQuery(listed('returned'));
  const all = useMemo(
    () =>
      [...(failed.data?.items ?? []), ...(returned.data?.items ?? [])].sort(
        // Whoever must act first, then the oldest: it has waited longest.
        (a, b) => URGENCY[nextOf(a)] - URGENCY[nextOf(b)] || timeOf(a).localeCompare(timeOf(b)),
      ),
    [failed.data, returned.data],
  );
  const shown = next ? all.filter((item) => nextOf(item) === next) : all;
  const error = failed.error ?? returned.error;
  if (error) return <Refusal error={error} title="暂时无法读取失败或退回的兑付" />;
  const loading = failed.isLoading || returned.isLoading;
  const choose = (chosen: Choice) => {
    setDecided('');
    setChoice(chosen);
  };
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          兑付失败与退回
        </Typography.Title>
        {loading ? null : (
          <Typography.Paragraph strong>
            {all.length ? summary(all) : '没有失败或被银行退回的兑付'}
          </Typography.Paragraph>
        )}
        <Typography.Paragraph type="secondary">
          这里是没有付出（兑付失败）和被银行退回的款项。资金池额度不足的，财政拨付足额后平台会自动重新兑付；因收款账户被退回的，企业在平台变更收款账户后会自动按新账户重新兑付；银行因付款方原因（如付款账户余额不足）未付的，平台稍后会自动重试，这几类一般不用您操作。其余的请核实原因后重新兑付或取消，取消后平台会通知企业。死信队列中的指令请联系平台运维处理。
        </Typography.Paragraph>
      </div>
      {decided ? <Alert type="success" showIcon role="status" message={decided} /> : null}
      <Flex gap="small" wrap justify="space-between">
        <Select
          aria-label="后续处理"
          placeholder="全部后续处理"
          allowClear
          value={next}
          onChange={setNext}
          style={{ minWidth: 220 }}
          options={(Object.keys(NEXT_FILTER) as Next[]).map((value) => ({
            value,
            label: `${NEXT_FILTER[value]}（${all.filter((item) => nextOf(item) === value).length}）`,
          }))}
        />
        <Button disabled={shown.length === 0} onClick={() => exportItems(shown)}>
          导出 CSV
        </Button>
      </Flex>
      {narrow ? (
        // A phone has no room for the table: each payment is a card, what happens to it before the details.
        <List<Listed>
          loading={loading}
          dataSource={shown}
          rowKey="id"
          pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
          locale={{ emptyText: <Empty description="没有失败或退回的兑付" /> }}
          renderItem={(item) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Card
                size="small"
                style={{ width: '100%' }}
                title={
                  <Typography.Title level={2} style={{ margin: 0, fontSize: '1.05em', whiteSpace: 'normal' }}>
                    {enterpriseOf(item)} · {item.amountFen === undefined ? '金额未知' : yuan(item.amountFen)}
                  </Typography.Title>
                }
              >
                <Flex vertical gap={6}>
                  <div>
                    <StatusTag item={item} />
                    {attemptWords(item) ? <Typography.Text>{attemptWords(item)}</Typography.Text> : null}
                  </div>
                  <Typography.Text>原因：{item.reason ?? '—'}</Typography.Text>
                  <NextStep item={item} />
                  <Typography.Text type="secondary">
                    {policyOf(item)}
                    {timeOf(item) ? ` · ${when(timeOf(item))}` : ''}
                  </Typography.Text>
                  <Actions item={item} onChoose={choose} />
                </Flex>
              </Card>
            </List.Item>
          )}
        />
      ) : (
        <WideTable<Listed>
          label="失败或退回的兑付"
          minWidth={1100}
          rowKey="id"
          loading={loading}
          dataSource={shown}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description="没有失败或退回的兑付" /> }}
          columns={[
            {
              title: '企业与政策',
              key: 'enterprise',
              width: 240,
              render: (_, item) => (
                <Flex vertical gap={2}>
                  <Typography.Text strong>{enterpriseOf(item)}</Typography.Text>
                  <Typography.Text type="secondary">{policyOf(item)}</Typography.Text>
                </Flex>
              ),
            },
            {
              title: '金额',
              key: 'amount',
              align: 'right',
              width: 130,
              render: (_, item) => (item.amountFen === undefined ? '—' : yuan(item.amountFen)),
            },
            {
              title: '状态',
              key: 'status',
              width: 180,
              render: (_, item) => (
                <Flex vertical gap={2} align="start">
                  <StatusTag item={item} />
                  {attemptWords(item) ? <Typography.Text>{attemptWords(item)}</Typography.Text> : null}
                  <Typography.Text type="secondary">{timeOf(item) ? when(timeOf(item)) : ''}</Typography.Text>
                </Flex>
              ),
            },
            {
              title: '原因与后续处理',
              key: 'next',
              render: (_, item) => (
                <Flex vertical gap={4}>
                  <Typography.Text>原因：{item.reason ?? '—'}</Typography.Text>
                  <NextStep item={item} />
                </Flex>
              ),
            },
            {
              title: '操作',
              key: 'actions',
              width: 120,
              render: (_, item) => <Actions item={item} onChoose={choose} />,
            },
            { title: '兑付单号', dataIndex: 'id', width: 200 },
          ]}
        />
      )}
      {choice ? (
        <DecideModal
          key={`${choice.payment.id}-${choice.decision}`}
          choice={choice}
          token={token}
          onClose={() => setChoice(undefined)}
          onDecided={setDecided}
        />
      ) : null}
    </Flex>
  );
}

// 对账: finance starts a reconciliation of a period, reads its report grouped by discrepancy type with the ledger's
// and the bank's evidence, resolves each discrepancy with a note, and downloads the report (CSV or Excel).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Flex, Input, Tag, Typography } from 'antd';
import { useId, useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { claimsOf } from '../auth.ts';
import { Refusal } from '../components/refusal.tsx';
import { actorWords, TAG_COLOURS, today, when, yuan } from '../labels.ts';
import { Link, navigate } from '../router.tsx';
import { DISCREPANCY_NAMES, saveFromPlatform, whenWritten } from './parts.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type Reconciliation = ClientResponse<'GET /reconciliations/{id}'>;
type Discrepancy = Reconciliation['discrepancies'][number];
type Recent = ClientResponse<'GET /reconciliations'>['items'][number];

const STATUS_WORDS: Record<Reconciliation['status'], string> = {
  running: '对账中',
  done: '已完成',
  failed: '失败',
};

export function Reconciliations({ user }: ScreenProps) {
  const token = user.access_token;
  const { role } = claimsOf(user);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const ids = { from: useId(), to: useId() };
  const start = useMutation({
    mutationFn: () => api.call('POST /reconciliations', { body: { from, to } }, token),
    onSuccess: ({ id }) => navigate(`/work/reconciliations/${encodeURIComponent(id)}`),
  });
  const recent = useQuery({
    queryKey: ['reconciliations', token],
    queryFn: () => api.call('GET /reconciliations', { query: { limit: 50 } }, token),
    // A run started or finished a moment ago must show when the person comes back to the list.
    staleTime: 0,
  });
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          对账
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          将兑付台账与银行对账单逐笔核对，并核对每个资金池是否平衡。发现的差异按类型列出，逐笔填写处理说明后记入审计。
        </Typography.Paragraph>
      </div>
      {role === 'finance' ? (
        <Card
          title={
            <Typography.Title level={2} style={{ margin: 0, fontSize: '1.1em' }}>
              发起对账
            </Typography.Title>
          }
        >
          <form
            onSubmit={(event) => {
              event.preventDefault();
              start.mutate();
            }}
          >
            <Flex gap="middle" wrap align="end">
              <Flex vertical>
                <label htmlFor={ids.from}>开始日期</label>
                <Input
                  id={ids.from}
                  type="date"
                  value={from}
                  onChange={(event) => setFrom(event.target.value)}
                />
              </Flex>
              <Flex vertical>
                <label htmlFor={ids.to}>结束日期</label>
                <Input id={ids.to} type="date" value={to} onChange={(event) => setTo(event.target.value)} />
              </Flex>
              <Button type="primary" htmlType="submit" loading={start.isPending} disabled={!from || !to}>
                开始对账
              </Button>
            </Flex>
          </form>
          {start.isError ? (
            <div style={{ marginTop: 12 }}>
              <Refusal error={start.error} title="未能发起对账" />
            </div>
          ) : null}
        </Card>
      ) : null}
      <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
        最近的对账
      </Typography.Title>
      {recent.isError ? <Refusal error={recent.error} title="暂时无法读取对账记录" /> : null}
      <WideTable<Recent>
        label="最近的对账"
        rowKey="id"
        loading={recent.isLoading}
        dataSource={recent.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description="还没有对账记录" /> }}
        columns={[
          {
            title: '对账期间',
            key: 'period',
            render: (_, each) => (
              <Link to={`/work/reconciliations/${encodeURIComponent(each.id)}`}>
                {each.from === each.to ? each.from : `${each.from} 至 ${each.to}`}
              </Link>
            ),
          },
          { title: '状态', key: 'status', render: (_, each) => STATUS_WORDS[each.status] },
          {
            title: '差异',
            key: 'found',
            render: (_, each) =>
              each.status === 'done'
                ? each.discrepancyCount
                  ? `${each.discrepancyCount} 笔`
                  : '无差异'
                : '—',
          },
          {
            title: '发起',
            key: 'by',
            render: (_, each) => `${actorWords(each.requestedBy)}，${when(each.requestedAt)}`,
          },
        ]}
      />
    </Flex>
  );
}

function Evidence({ discrepancy }: { discrepancy: Discrepancy }) {
  const { ledger, bank } = discrepancy;
  return (
    <Flex vertical gap="small">
      <div>
        <Typography.Text strong>台账：</Typography.Text>
        {ledger ? (
          <Typography.Text>
            {ledger.flag === 'post_pending' ? '已付出' : '已冲销'} {yuan(ledger.amountFen)}，账号{' '}
            {ledger.accountNo ?? '—'}，{when(ledger.at)}（转账 {ledger.transferId}）
          </Typography.Text>
        ) : (
          <Typography.Text>
            {discrepancy.accountId ? `资金池账户 ${discrepancy.accountId}` : '无记录'}
          </Typography.Text>
        )}
      </div>
      <div>
        <Typography.Text strong>银行对账单：</Typography.Text>
        {bank?.length ? null : (
          <Typography.Text>{discrepancy.type === 'pool_imbalance' ? '不涉及' : '无记录'}</Typography.Text>
        )}
      </div>
      {bank?.length ? (
        <WideTable
          label="银行对账单"
          size="small"
          rowKey={(line) => `${line.paymentId}${line.at}${line.amountFen}`}
          dataSource={bank}
          pagination={false}
          columns={[
            { title: '业务流水号', dataIndex: 'paymentId' },
            { title: '户名', dataIndex: 'accountName' },
            { title: '账号', dataIndex: 'accountNo' },
            { title: '金额', key: 'amount', align: 'right', render: (_, line) => yuan(line.amountFen) },
            {
              title: '结果',
              key: 'outcome',
              render: (_, line) =>
                line.outcome === 'settled' ? '已付出' : `被退回${line.reason ? `：${line.reason}` : ''}`,
            },
            { title: '时间', key: 'at', render: (_, line) => whenWritten(line.at) },
          ]}
        />
      ) : null}
    </Flex>
  );
}

function DiscrepancyCard({
  id,
  discrepancy,
  canResolve,
  token,
}: {
  id: string;
  discrepancy: Discrepancy;
  canResolve: boolean;
  token: string;
}) {
  const queries = useQueryClient();
  const [note, setNote] = useState('');
  const noteId = useId();
  const resolve = useMutation({
    mutationFn: () =>
      api.call(
        'POST /reconciliations/{id}/discrepancies/{seq}/resolve',
        { path: { id, seq: discrepancy.seq }, body: { note: note.trim() } },
        token,
      ),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['reconciliation', id] }),
  });
  const { resolution } = discrepancy;
  return (
    <Card size="small" style={{ width: '100%' }}>
      <Flex vertical gap="small">
        <Flex gap="small" wrap align="center">
          <Typography.Text strong>差异 {discrepancy.seq}</Typography.Text>
          {resolution ? (
            <Tag color={TAG_COLOURS.green}>已处理</Tag>
          ) : (
            <Tag color={TAG_COLOURS.orange}>待处理</Tag>
          )}
          {discrepancy.paymentId ? (
            <Typography.Text type="secondary">兑付单号 {discrepancy.paymentId}</Typography.Text>
          ) : null}
        </Flex>
        <Typography.Text>{discrepancy.detail}</Typography.Text>
        <Evidence discrepancy={discrepancy} />
        {resolution ? (
          <Alert
            type="success"
            showIcon
            message={`处理说明：${resolution.note}`}
            description={`${actorWords(resolution.by)}，${when(resolution.at)}`}
          />
        ) : canResolve ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              resolve.mutate();
            }}
          >
            <Flex vertical gap="small">
              <label htmlFor={noteId}>处理说明（必填，记入审计）</label>
              <Input.TextArea
                id={noteId}
                value={note}
                maxLength={500}
                autoSize={{ minRows: 2, maxRows: 5 }}
                placeholder="例如：银行误入账，已通知银行冲回"
                onChange={(event) => setNote(event.target.value)}
              />
              {resolve.isError ? <Refusal error={resolve.error} title="未能记录处理" /> : null}
              <div>
                <Button
                  htmlType="submit"
                  type="primary"
                  disabled={note.trim().length < 2}
                  loading={resolve.isPending}
                >
                  标记为已处理
                </Button>
              </div>
            </Flex>
          </form>
        ) : null}
      </Flex>
    </Card>
  );
}

export function ReconciliationReport({ user, id = '' }: ScreenProps) {
  const token = user.access_token;
  const canResolve = claimsOf(user).role === 'finance';
  const [saving, setSaving] = useState<unknown>();
  const report = useQuery({
    queryKey: ['reconciliation', id, token],
    queryFn: () => api.call('GET /reconciliations/{id}', { path: { id } }, token),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 2_000 : false),
  });
  const back = <Link to="/work/reconciliations">← 返回对账</Link>;
  if (report.isError)
    return (
      <Flex vertical gap="middle">
        {back}
        <Refusal error={report.error} title="无法打开这份对账报告" />
      </Flex>
    );
  const data = report.data;
  if (!data) return <Typography.Text>正在读取对账报告……</Typography.Text>;
  const open = data.discrepancies.filter((each) => !each.resolution).length;
  const types = [...new Set(data.discrepancies.map((each) => each.type))];
  const download = (extension: 'csv' | 'xlsx') =>
    saveFromPlatform(
      `/reconciliations/${encodeURIComponent(id)}/report.${extension}`,
      token,
      `对账报告-${id}.${extension}`,
    ).then(() => setSaving(undefined), setSaving);
  return (
    <Flex vertical gap="middle">
      {back}
      <Typography.Title level={1} style={{ marginTop: 0 }}>
        对账报告：
        <span style={{ whiteSpace: 'nowrap' }}>{data.from}</span>
        {data.from === data.to ? null : (
          <>
            {' 至 '}
            <span style={{ whiteSpace: 'nowrap' }}>{data.to}</span>
          </>
        )}
      </Typography.Title>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'status', label: '状态', children: STATUS_WORDS[data.status] },
          {
            key: 'by',
            label: '发起人',
            children: `${actorWords(data.requestedBy)}，${when(data.requestedAt)}`,
          },
          ...(data.checked
            ? [
                {
                  key: 'checked',
                  label: '核对范围',
                  children: `兑付 ${data.checked.payments} 笔，银行对账单 ${data.checked.statementLines} 行，资金池 ${data.checked.pools} 个，退回已冲销 ${data.checked.returned} 笔`,
                },
              ]
            : []),
          { key: 'id', label: '对账标识', children: data.id },
        ]}
      />
      {data.status === 'running' ? (
        <Alert type="info" showIcon role="status" message="正在对账，完成后本页自动显示结果" />
      ) : null}
      {data.status === 'failed' ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          message="对账失败"
          description={`${data.reason ?? '原因不明'}。请回到对账页重新发起。`}
        />
      ) : null}
      {data.status === 'done' ? (
        <>
          <Alert
            type={open ? 'warning' : 'success'}
            showIcon
            role="status"
            message={
              data.discrepancies.length === 0
                ? '台账与银行对账单、资金池全部相符，没有差异'
                : `共 ${data.discrepancies.length} 笔差异，其中 ${open} 笔待处理`
            }
          />
          <Flex gap="small" wrap>
            <Button onClick={() => download('csv')}>下载报告（CSV）</Button>
            <Button onClick={() => download('xlsx')}>下载报告（Excel）</Button>
          </Flex>
          {saving ? <Refusal error={saving} title="未能下载报告" /> : null}
        </>
      ) : null}
      {types.map((type) => {
        const ofType = data.discrepancies.filter((each) => each.type === type);
        return (
          <section key={type} aria-label={DISCREPANCY_NAMES[type]}>
            <Typography.Title level={2} style={{ fontSize: '1.2em' }}>
              {DISCREPANCY_NAMES[type]}（{ofType.length} 笔，待处理{' '}
              {ofType.filter((each) => !each.resolution).length} 笔）
            </Typography.Title>
            <Flex vertical gap="small">
              {ofType.map((discrepancy) => (
                <DiscrepancyCard
                  key={discrepancy.seq}
                  id={id}
                  discrepancy={discrepancy}
                  canResolve={canResolve}
                  token={token}
                />
              ))}
            </Flex>
          </section>
        );
      })}
    </Flex>
  );
}

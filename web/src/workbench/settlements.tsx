// 据实清算: after a year ends, finance settles each of its pools by what was actually paid (the rest goes back to
// finance and the pool closes), and reads and downloads the year's statement by department.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Popconfirm, Radio, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { claimsOf } from '../auth.ts';
import { Refusal } from '../components/refusal.tsx';
import { TAG_COLOURS, today, when, yuan } from '../labels.ts';
import { saveFromPlatform } from './parts.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type Statement = ClientResponse<'GET /settlements/{year}'>;
type Pool = Statement['departments'][number]['pools'][number];
type Totals = Statement['totals'];

const TOTAL_COLUMNS = [
  { title: '预拨金额', key: 'allocatedFen' },
  { title: '据实兑付', key: 'paidFen' },
  { title: '在途冻结', key: 'reservedFen' },
  { title: '清算退回', key: 'returnedFen' },
  { title: '可用余额', key: 'availableFen' },
] as const;

function SettleButton({ pool, year, token }: { pool: Pool; year: number; token: string }) {
  const queries = useQueryClient();
  const settle = useMutation({
    mutationFn: () => api.call('POST /settlements', { body: { policyId: pool.policyId, year } }, token),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['settlement', year] }),
  });
  if (pool.status === 'settled')
    return <Tag color={TAG_COLOURS.green}>已清算 {pool.settledAt ? when(pool.settledAt) : ''}</Tag>;
  return (
    <Flex vertical gap={4}>
      {/* Settling closes the pool for good: it is confirmed, with what goes back said in words. */}
      <Popconfirm
        title={`清算：${pool.policyName}`}
        description={`可用余额 ${yuan(pool.availableFen)} 将退回财政，资金池关闭后不能再兑付。确认清算吗？`}
        okText="确认清算"
        cancelText="取消"
        onConfirm={() => settle.mutate()}
        disabled={pool.reservedFen > 0}
      >
        <Button
          size="small"
          loading={settle.isPending}
          disabled={pool.reservedFen > 0}
          aria-label={`清算：${pool.policyName}`}
        >
          清算
        </Button>
      </Popconfirm>
      {pool.reservedFen > 0 ? (
        <Typography.Text type="secondary">有在途兑付，办结后才能清算</Typography.Text>
      ) : null}
      {settle.isError ? <Refusal error={settle.error} title="未能清算" /> : null}
    </Flex>
  );
}

export function Settlements({ user }: ScreenProps) {
  const token = user.access_token;
  const current = Number(today().slice(0, 4));
  const [year, setYear] = useState(current - 1);
  // Orders for a running year may still come: only an ended year is settled.
  const canSettle = claimsOf(user).role === 'finance' && year < current;
  const [saving, setSaving] = useState<unknown>();
  const statement = useQuery({
    queryKey: ['settlement', year, token],
    queryFn: () => api.call('GET /settlements/{year}', { path: { year } }, token),
  });
  const data = statement.data;
  const money = (key: keyof Totals) => ({
    title: TOTAL_COLUMNS.find((column) => column.key === key)?.title,
    key,
    align: 'right' as const,
    render: (_: unknown, row: Totals) => yuan(row[key]),
  });
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          年度清算
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          年度结束后按实际兑付清算各资金池：结余退回财政，资金池关闭，不再兑付。预拨金额 = 据实兑付 + 在途冻结
          + 清算退回 + 可用余额。只有已结束的年度可以清算。
        </Typography.Paragraph>
      </div>
      <Flex gap="middle" wrap align="center" justify="space-between">
        <Radio.Group
          aria-label="年度"
          optionType="button"
          value={year}
          onChange={(event) => setYear(event.target.value)}
          options={[current - 2, current - 1, current].map((each) => ({
            label: each === current ? `${each} 年（进行中）` : `${each} 年`,
            value: each,
          }))}
        />
        <Button
          disabled={!data}
          onClick={() =>
            saveFromPlatform(`/settlements/${year}/statement.csv`, token, `清算报表-${year}.csv`).then(
              () => setSaving(undefined),
              setSaving,
            )
          }
        >
          下载清算表（CSV）
        </Button>
      </Flex>
      {saving ? <Refusal error={saving} title="未能下载清算表" /> : null}
      {statement.isError ? <Refusal error={statement.error} title="暂时无法读取清算表" /> : null}
      {data?.departments.length ? (
        <Alert
          type={data.openPools ? 'warning' : 'success'}
          showIcon
          role="status"
          message={`${year} 年：已清算 ${data.settledPools} 个资金池，未清算 ${data.openPools} 个${year < current ? '' : '（年度结束后才能清算）'}`}
          description={
            data.returnedAfterSettlementFen
              ? `清算后银行退汇、已退回财政 ${yuan(data.returnedAfterSettlementFen)}。`
              : undefined
          }
        />
      ) : null}
      {data && data.departments.length === 0 ? (
        <Empty description={`${year} 年没有拨付过资金池，无需清算`} />
      ) : null}
      {data?.departments.map((department) => (
        <section key={department.departmentId} aria-label={department.departmentName}>
          <Typography.Title level={2} style={{ fontSize: '1.2em' }}>
            {department.departmentName}
          </Typography.Title>
          <WideTable<Pool>
            label={`${department.departmentName}清算表`}
            rowKey="policyId"
            size="small"
            dataSource={department.pools}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '政策', dataIndex: 'policyName' },
              ...TOTAL_COLUMNS.map((column) => money(column.key)),
              ...(canSettle
                ? [
                    {
                      title: '清算状态',
                      key: 'settle',
                      render: (_: unknown, pool: Pool) => (
                        <SettleButton pool={pool} year={year} token={token} />
                      ),
                    },
                  ]
                : []),
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>小计</Table.Summary.Cell>
                {TOTAL_COLUMNS.map((column, index) => (
                  <Table.Summary.Cell key={column.key} index={index + 1} align="right">
                    {yuan(department.totals[column.key])}
                  </Table.Summary.Cell>
                ))}
                {canSettle ? <Table.Summary.Cell index={TOTAL_COLUMNS.length + 1} /> : null}
              </Table.Summary.Row>
            )}
          />
        </section>
      ))}
      {data?.departments.length ? (
        <Typography.Text strong>
          合计：预拨 {yuan(data.totals.allocatedFen)}，据实兑付 {yuan(data.totals.paidFen)}，在途冻结{' '}
          {yuan(data.totals.reservedFen)}，清算退回 {yuan(data.totals.returnedFen)}，可用{' '}
          {yuan(data.totals.availableFen)}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

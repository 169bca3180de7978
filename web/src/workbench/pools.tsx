// 资金池: each pool's funded, reserved, paid and available money, the fullest first, with its usage in words and a
// bar; finance also funds a pool here, or takes budget back, under its own reference (拨付编号).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Grid,
  Input,
  InputNumber,
  List,
  Radio,
  Select,
  Typography,
} from 'antd';
import { useId, useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { claimsOf } from '../auth.ts';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import { today, yuan } from '../labels.ts';
import { UsageBar, usageOf, usePolicyNames } from './parts.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type Pool = ClientResponse<'GET /budgets'>['items'][number];

const thisYear = () => Number(today().slice(0, 4));

function AllocationForm({ token, year }: { token: string; year: number }) {
  const queries = useQueryClient();
  const { policies, nameOf } = usePolicyNames();
  const [policyId, setPolicyId] = useState<string | undefined>();
  const [direction, setDirection] = useState<'fund' | 'take_back'>('fund');
  const [amountYuan, setAmountYuan] = useState<number | null>(null);
  const [ref, setRef] = useState('');
  const ids = { policy: useId(), amount: useId(), ref: useId() };
  const allocate = useMutation({
    mutationFn: () => {
      const fen = Math.round((amountYuan ?? 0) * 100);
      return api.call(
        'POST /budgets/allocations',
        {
          body: {
            policyId: policyId ?? '',
            year,
            amountFen: direction === 'fund' ? fen : -fen,
            ref: ref.trim(),
          },
        },
        token,
      );
    },
    onSuccess: () => queries.invalidateQueries({ queryKey: ['budgets'] }),
  });
  const ready = policyId && amountYuan && amountYuan > 0 && ref.trim();
  const done = allocate.data;
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: '1.1em' }}>
          拨付或收回预算（{year} 年）
        </Typography.Title>
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) allocate.mutate();
        }}
      >
        <Flex vertical gap="middle">
          <Radio.Group
            aria-label="拨付或收回"
            value={direction}
            onChange={(event) => setDirection(event.target.value)}
            options={[
              { label: '拨付到资金池', value: 'fund' },
              { label: '从资金池收回', value: 'take_back' },
            ]}
          />
          <Flex gap="middle" wrap>
            <Flex vertical style={{ flex: '2 1 260px' }}>
              <label htmlFor={ids.policy}>政策事项</label>
              <Select
                id={ids.policy}
                showSearch
                optionFilterProp="label"
                placeholder="选择或输入政策名称"
                value={policyId}
                onChange={setPolicyId}
                options={policies.map((policy) => ({
                  label: `${policy.name}（${policy.id}）`,
                  value: policy.id,
                }))}
              />
            </Flex>
            <Flex vertical style={{ flex: '1 1 160px' }}>
              <label htmlFor={ids.amount}>金额（元）</label>
              <InputNumber
                id={ids.amount}
                min={0.01}
                step={1000}
                precision={2}
                value={amountYuan}
                onChange={setAmountYuan}
                style={{ width: '100%' }}
              />
            </Flex>
            <Flex vertical style={{ flex: '1 1 180px' }}>
              <label htmlFor={ids.ref}>拨付编号（财政文号，同一编号只记一次）</label>
              <Input
                id={ids.ref}
                value={ref}
                maxLength={64}
                onChange={(event) => setRef(event.target.value)}
              />
            </Flex>
          </Flex>
          {allocate.isError ? <Refusal error={allocate.error} title="未能记账" /> : null}
          {done ? (
            <Alert
              type={done.repeated ? 'warning' : 'success'}
              showIcon
              role="status"
              message={
                done.repeated
                  ? `编号 ${done.ref} 此前已记账，本次未重复记账`
                  : `已${done.amountFen > 0 ? '拨付' : '收回'} ${yuan(Math.abs(done.amountFen))}：${nameOf(done.policyId)}（编号 ${done.ref}）`
              }
              description={`该资金池现可用 ${yuan(done.pool.availableFen)}，拨付总额 ${yuan(done.pool.fundedFen)}。`}
            />
          ) : null}
          <div>
            <Button type="primary" htmlType="submit" disabled={!ready} loading={allocate.isPending}>
              {direction === 'fund' ? '确认拨付' : '确认收回'}
            </Button>
          </div>
        </Flex>
      </form>
    </Card>
  );
}

/** The policy's name, and its number under it once the name is known. */
function PoolName({ pool, nameOf }: { pool: Pool; nameOf: (policyId: string) => string }) {
  const name = nameOf(pool.policyId);
  return (
    <Flex vertical>
      <span>{name}</span>
      {name === pool.policyId ? null : <Typography.Text type="secondary">{pool.policyId}</Typography.Text>}
    </Flex>
  );
}

/** On a phone, each pool is a card: the usage first, then its four amounts. */
function PoolCards({
  pools,
  nameOf,
  loading,
}: {
  pools: Pool[];
  nameOf: (policyId: string) => string;
  loading: boolean;
}) {
  return (
    <List
      loading={loading}
      dataSource={pools}
      rowKey="policyId"
      pagination={pools.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      locale={{ emptyText: <Empty description="还没有拨付到任何资金池" /> }}
      renderItem={(pool) => (
        <List.Item key={pool.policyId} style={{ paddingInline: 0 }}>
          <Card size="small" style={{ width: '100%' }} title={<PoolName pool={pool} nameOf={nameOf} />}>
            <Flex vertical gap="small">
              <UsageBar pool={pool} />
              <Descriptions
                size="small"
                column={2}
                items={[
                  { key: 'funded', label: '拨付总额', children: yuan(pool.fundedFen) },
                  { key: 'reserved', label: '冻结', children: yuan(pool.reservedFen) },
                  { key: 'paid', label: '已兑付', children: yuan(pool.paidFen) },
                  { key: 'available', label: '可用', children: yuan(pool.availableFen) },
                ]}
              />
            </Flex>
          </Card>
        </List.Item>
      )}
    />
  );
}

export function Pools({ user }: ScreenProps) {
  const wide = Grid.useBreakpoint().md ?? true;
  const token = user.access_token;
  const isFinance = claimsOf(user).role === 'finance';
  const [year, setYear] = useState(thisYear);
  const { nameOf } = usePolicyNames();
  const pools = useQuery({
    queryKey: ['budgets', year, token],
    queryFn: () => api.call('GET /budgets', { query: { year } }, token),
  });
  // The fullest first: a pool about to run out stops payments.
  const items = [...(pools.data?.items ?? [])].sort((a, b) => usageOf(b).percent - usageOf(a).percent);
  const years = [thisYear(), thisYear() - 1, thisYear() - 2];
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          资金池
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          每个政策一个资金池：拨付总额 = 冻结（在途兑付）+ 已兑付 + 可用。已用达 70% 标为“接近上限”，达 90%
          标为“余额紧张”，{isFinance ? '请及时拨付' : '请提醒财政及时拨付'}。
        </Typography.Paragraph>
      </div>
      {isFinance ? <AllocationForm token={token} year={year} /> : null}
      <Flex gap="middle" wrap align="center" justify="space-between">
        <Radio.Group
          aria-label="年度"
          optionType="button"
          value={year}
          onChange={(event) => setYear(event.target.value)}
          options={years.map((each) => ({ label: `${each} 年`, value: each }))}
        />
        <Button
          disabled={items.length === 0}
          onClick={() =>
            saveCsv(`资金池-${year}.csv`, [
              [
                '政策编号',
                '政策',
                '年度',
                '拨付总额（元）',
                '冻结（元）',
                '已兑付（元）',
                '可用（元）',
                '已用比例',
              ],
              ...items.map((pool) => [
                pool.policyId,
                nameOf(pool.policyId),
                pool.year,
                (pool.fundedFen / 100).toFixed(2),
                (pool.reservedFen / 100).toFixed(2),
                (pool.paidFen / 100).toFixed(2),
                (pool.availableFen / 100).toFixed(2),
                usageOf(pool).words,
              ]),
            ])
          }
        >
          导出 CSV
        </Button>
      </Flex>
      {pools.isError ? <Refusal error={pools.error} title="暂时无法读取资金池" /> : null}
      {wide ? (
        <WideTable<Pool>
          label="资金池"
          rowKey="policyId"
          loading={pools.isLoading}
          dataSource={items}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={`${year} 年还没有拨付到任何资金池`} /> }}
          columns={[
            {
              title: '政策',
              key: 'policy',
              render: (_, pool) => <PoolName pool={pool} nameOf={nameOf} />,
            },
            { title: '使用情况', key: 'usage', render: (_, pool) => <UsageBar pool={pool} /> },
            { title: '拨付总额', key: 'funded', align: 'right', render: (_, pool) => yuan(pool.fundedFen) },
            { title: '冻结', key: 'reserved', align: 'right', render: (_, pool) => yuan(pool.reservedFen) },
            { title: '已兑付', key: 'paid', align: 'right', render: (_, pool) => yuan(pool.paidFen) },
            { title: '可用', key: 'available', align: 'right', render: (_, pool) => yuan(pool.availableFen) },
          ]}
        />
      ) : (
        <PoolCards pools={items} nameOf={nameOf} loading={pools.isLoading} />
      )}
    </Flex>
  );
}

// 风险预警: the period's warnings in three colours, worst first, filtered by colour, rule, enterprise, policy or
// department, and exported for the record.
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Input, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { WARNING_COLOURS, WARNING_RULES } from '../../../shared/risk/rules.ts';
import { api } from '../api.ts';
import { claimsOf } from '../auth.ts';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import { yuan } from '../labels.ts';
import { Link } from '../router.tsx';
import {
  DateField,
  PAYMENT_STATUS_NAMES,
  usePolicyNames,
  WARNING_COLOUR_NAMES,
  WARNING_RULE_NAMES,
  WarningTag,
  whenWritten,
} from './parts.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type Page = ClientResponse<'GET /risk-warnings'>;
type Warning = Page['items'][number];
type Colour = Warning['colour'];
type Rule = Warning['rule'];

const statusWords = (status: string | undefined) =>
  status ? (PAYMENT_STATUS_NAMES[status as keyof typeof PAYMENT_STATUS_NAMES] ?? status) : '—';

export function RiskWarnings({ user }: ScreenProps) {
  const token = user.access_token;
  // Held payments are the payer's to decide: only the payer is led to them.
  const isPayer = claimsOf(user).role === 'payer';
  const { nameOf } = usePolicyNames();
  const ids = { colour: useId(), rule: useId(), uscc: useId() };
  const [colour, setColour] = useState<Colour | undefined>();
  const [rule, setRule] = useState<Rule | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [uscc, setUscc] = useState('');
  const usccOk = uscc === '' || uscc.length === 18;
  const query = {
    colour,
    rule,
    from: from || undefined,
    to: to || undefined,
    uscc: usccOk && uscc ? uscc : undefined,
  };
  const warnings = useQuery({
    queryKey: ['risk-warnings', query, token],
    queryFn: () => api.call('GET /risk-warnings', { query }, token),
  });
  const data = warnings.data;
  const items = data?.items ?? [];
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          风险预警
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          红色预警的兑付已暂停，等待兑付机构核实；黄色预警随兑付提示，供核查参考。未选日期时显示最近一个月。
        </Typography.Paragraph>
      </div>
      <Flex gap="middle" wrap align="end">
        <Flex vertical style={{ flex: '0 1 160px' }}>
          <label htmlFor={ids.colour}>颜色</label>
          <Select
            id={ids.colour}
            placeholder="全部颜色"
            allowClear
            value={colour}
            onChange={setColour}
            options={WARNING_COLOURS.map((each) => ({ label: WARNING_COLOUR_NAMES[each], value: each }))}
          />
        </Flex>
        <Flex vertical style={{ flex: '1 1 200px' }}>
          <label htmlFor={ids.rule}>规则</label>
          <Select
            id={ids.rule}
            placeholder="全部规则"
            allowClear
            value={rule}
            onChange={setRule}
            options={WARNING_RULES.map((each) => ({ label: WARNING_RULE_NAMES[each], value: each }))}
          />
        </Flex>
        <Flex vertical style={{ flex: '1 1 220px' }}>
          <label htmlFor={ids.uscc}>企业统一社会信用代码</label>
          <Input
            id={ids.uscc}
            placeholder="18 位，留空为全部企业"
            value={uscc}
            maxLength={18}
            status={usccOk ? undefined : 'error'}
            onChange={(event) => setUscc(event.target.value.trim().toUpperCase())}
          />
        </Flex>
        <DateField label="从" value={from} onChange={setFrom} />
        <DateField label="至" value={to} onChange={setTo} />
      </Flex>
      {usccOk ? null : (
        <Typography.Text type="danger">统一社会信用代码应为 18 位，输入完整后再筛选。</Typography.Text>
      )}
      {warnings.isError ? <Refusal error={warnings.error} title="暂时无法读取风险预警" /> : null}
      <Flex gap="middle" wrap align="center" justify="space-between">
        <Typography.Text role="status">
          {data
            ? `${data.from} 至 ${data.to}：红色 ${data.counts.red ?? 0} 条，黄色 ${data.counts.yellow ?? 0} 条，绿色 ${data.counts.green ?? 0} 条`
            : '正在读取……'}
        </Typography.Text>
        <Button
          disabled={items.length === 0}
          onClick={() =>
            saveCsv(`风险预警-${data?.from ?? ''}-${data?.to ?? ''}.csv`, [
              [
                '颜色',
                '规则',
                '说明',
                '统一社会信用代码',
                '政策',
                '部门',
                '期间',
                '金额（元）',
                '状态',
                '时间',
              ],
              ...items.map((item) => [
                WARNING_COLOUR_NAMES[item.colour],
                WARNING_RULE_NAMES[item.rule],
                item.detail,
                item.uscc,
                item.policyId ? nameOf(item.policyId) : '',
                item.departmentId ?? '',
                item.period ?? '',
                item.amountFen === undefined ? '' : (item.amountFen / 100).toFixed(2),
                statusWords(item.status),
                item.at,
              ]),
            ])
          }
        >
          导出 CSV
        </Button>
      </Flex>
      <WideTable<Warning>
        label="风险预警"
        rowKey="id"
        loading={warnings.isLoading}
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description="没有符合条件的预警" /> }}
        columns={[
          {
            title: '预警',
            key: 'warning',
            render: (_, item) => <WarningTag colour={item.colour} rule={item.rule} />,
          },
          {
            title: '状态',
            key: 'status',
            render: (_, item) =>
              item.status === 'held' && isPayer ? (
                <Link to="/work/held-payments">风险暂停，去处理</Link>
              ) : (
                statusWords(item.status)
              ),
          },
          {
            title: '金额',
            key: 'amount',
            align: 'right',
            render: (_, item) => (item.amountFen === undefined ? '—' : yuan(item.amountFen)),
          },
          { title: '企业', dataIndex: 'uscc' },
          { title: '说明', dataIndex: 'detail' },
          {
            title: '政策',
            key: 'policy',
            render: (_, item) => (item.policyId ? nameOf(item.policyId) : '—'),
          },
          {
            title: '时间',
            key: 'at',
            render: (_, item) => whenWritten(item.at),
          },
        ]}
      />
    </Flex>
  );
}

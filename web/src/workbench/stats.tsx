// 统计分析: a period's cases and payouts by department (slowest first) and by policy, how fast money arrived, how
// many arrived on time, how enterprises rated it, and the share of no-application and instant policies — as charts and
// the tables behind them.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Row, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { ClientResponse } from '../../../shared/api/contract.ts';
import { api } from '../api.ts';
import { Chart, type ChartOption } from '../components/chart.tsx';
import { saveCsv } from '../components/download.ts';
import { Refusal } from '../components/refusal.tsx';
import { MODE_NAMES, yuan } from '../labels.ts';
import { DateField } from './parts.tsx';
import type { ScreenProps } from './screens.ts';
import { WideTable } from './wide-table.tsx';

type Stats = ClientResponse<'GET /stats'>;
type Department = Stats['departments'][number];
type Policy = Department['policies'][number];
type Figures = Stats['totals'];

const percent = (ratio: number | null) => (ratio === null ? '—' : `${Math.round(ratio * 1000) / 10}%`);
const days = (average: number | null) =>
  average === null ? '—' : `${Math.round(average * 10) / 10} 个工作日`;
const score = (average: number | null) => (average === null ? '—' : `${Math.round(average * 10) / 10} 分`);

/** The on-time rate as words with a plain bar beside them. */
function RateBar({ ratio }: { ratio: number | null }) {
  if (ratio === null) return <span>—</span>;
  return (
    <div className="usage">
      <div className="usage-track" aria-hidden="true">
        <div className="usage-fill" style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
      <span>{percent(ratio)}</span>
    </div>
  );
}

/** The columns a department and a policy share. */
const figureColumns = [
  {
    title: '受理',
    key: 'filed',
    align: 'right' as const,
    render: (_: unknown, row: Figures) => row.cases.filed,
  },
  {
    title: '办理中',
    key: 'open',
    align: 'right' as const,
    render: (_: unknown, row: Figures) => row.cases.inProgress,
  },
  {
    title: '不予兑付',
    key: 'rejected',
    align: 'right' as const,
    render: (_: unknown, row: Figures) => row.cases.rejected,
  },
  {
    title: '兑付笔数',
    key: 'paid',
    align: 'right' as const,
    render: (_: unknown, row: Figures) => row.payouts.paid,
  },
  {
    title: '兑付金额',
    key: 'paidFen',
    align: 'right' as const,
    render: (_: unknown, row: Figures) => yuan(row.payouts.paidFen),
  },
  {
    title: '银行退回',
    key: 'returned',
    align: 'right' as const,
    render: (_: unknown, row: Figures) => row.payouts.returned,
  },
  {
    title: '平均兑付时长',
    key: 'days',
    render: (_: unknown, row: Figures) => days(row.daysToPayment.average),
  },
  {
    title: '按时兑付率',
    key: 'onTime',
    render: (_: unknown, row: Figures) => <RateBar ratio={row.daysToPayment.onTimeRate} />,
  },
  { title: '好差评', key: 'rating', render: (_: unknown, row: Figures) => score(row.ratings.average) },
];

const csvRow = (name: string, row: Figures) => [
  name,
  row.cases.filed,
  row.cases.inProgress,
  row.cases.rejected,
  row.payouts.paid,
  (row.payouts.paidFen / 100).toFixed(2),
  row.payouts.returned,
  row.daysToPayment.average ?? '',
  row.daysToPayment.onTimeRate === null ? '' : percent(row.daysToPayment.onTimeRate),
  row.ratings.average ?? '',
];

/** Each department's money paid (bars) and its on-time rate (line), slowest department first as in the table. */
function departmentChart(departments: Department[]): ChartOption {
  const names = departments.map((department) => department.departmentName);
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: ['兑付金额（万元）', '按时兑付率（%）'], top: 0, itemGap: 32 },
    grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    yAxis: [
      { type: 'value', name: '万元' },
      { type: 'value', name: '%', max: 100 },
    ],
    series: [
      {
        name: '兑付金额（万元）',
        type: 'bar',
        data: departments.map((d) => Math.round(d.payouts.paidFen / 100) / 10_000),
        barMaxWidth: 48,
        itemStyle: { color: '#0047b3' },
      },
      {
        name: '按时兑付率（%）',
        type: 'line',
        yAxisIndex: 1,
        data: departments.map((d) =>
          d.daysToPayment.onTimeRate === null ? null : Math.round(d.daysToPayment.onTimeRate * 1000) / 10,
        ),
        itemStyle: { color: '#ad4e00' },
      },
    ],
  };
}

/** How many items each mode has, beside the 70% the plans set for no-application and instant items together. */
function modeChart(byMode: Stats['policies']['byMode']): ChartOption {
  const modes = ['auto', 'instant', 'review'] as const;
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, bottom: 8, top: 16, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: modes.map((mode) => MODE_NAMES[mode]) },
    series: [
      {
        name: '事项数',
        type: 'bar',
        data: modes.map((mode) => byMode[mode] ?? 0),
        itemStyle: { color: '#237804' },
        label: { show: true, position: 'right' },
      },
    ],
  };
}

export function StatsScreen({ user }: ScreenProps) {
  const token = user.access_token;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = { from: from || undefined, to: to || undefined };
  const stats = useQuery({
    queryKey: ['stats', query, token],
    queryFn: () => api.call('GET /stats', { query }, token),
  });
  const data = stats.data;
  const charts = useMemo(
    () => data && { departments: departmentChart(data.departments), modes: modeChart(data.policies.byMode) },
    [data],
  );
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ marginTop: 0 }}>
          统计分析
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          按部门、事项统计办件与兑付、金额、工作日时效、按时率和好差评；部门按平均兑付时长从慢到快排列。默认统计本年度至今。
        </Typography.Paragraph>
      </div>
      <Flex gap="middle" wrap align="end">
        <DateField label="从" value={from} onChange={setFrom} />
        <DateField label="至" value={to} onChange={setTo} />
        <Button
          style={{ marginInlineStart: 'auto' }}
          disabled={!data}
          onClick={() =>
            data &&
            saveCsv(`统计分析-${data.from}-${data.to}.csv`, [
              [
                '部门/事项',
                '受理',
                '办理中',
                '不予兑付',
                '兑付笔数',
                '兑付金额（元）',
                '银行退回',
                '平均兑付工作日',
                '按时兑付率',
                '好差评均分',
              ],
              csvRow('合计', data.totals),
              ...data.departments.flatMap((department) => [
                csvRow(department.departmentName, department),
                ...department.policies.map((policy) => csvRow(`　${policy.policyName}`, policy)),
              ]),
            ])
          }
        >
          导出 CSV
        </Button>
      </Flex>
      {stats.isError ? <Refusal error={stats.error} title="暂时无法读取统计" /> : null}
      {data ? (
        <>
          <Typography.Text role="status">
            统计期间：{data.from} 至 {data.to}
          </Typography.Text>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="受理办件" value={data.totals.cases.filed} suffix="件" />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="兑付笔数" value={data.totals.payouts.paid} suffix="笔" />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="兑付金额" value={yuan(data.totals.payouts.paidFen)} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="按时兑付率" value={percent(data.totals.daysToPayment.onTimeRate)} />
              </Card>
            </Col>
          </Row>
          <Alert
            type={data.policies.meetsTarget ? 'success' : 'warning'}
            showIcon
            message={`免申即享与即申即享事项占比 ${percent(data.policies.noApplicationOrInstantShare)}，目标 ${percent(data.policies.target)}：${data.policies.meetsTarget ? '已达标' : '未达标'}`}
            description={`共 ${data.policies.total} 个事项：${(['auto', 'instant', 'review'] as const)
              .map((mode) => `${MODE_NAMES[mode]} ${data.policies.byMode[mode] ?? 0} 个`)
              .join('，')}。`}
          />
          {charts ? (
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={16}>
                <Card size="small" title="各部门兑付金额与按时兑付率">
                  <Chart option={charts.departments} label="各部门兑付金额与按时兑付率图，数据见下表" />
                </Card>
              </Col>
              <Col xs={24} lg={8}>
                <Card size="small" title="各兑现方式的事项数">
                  <Chart option={charts.modes} label="各兑现方式的事项数图" height={240} />
                </Card>
              </Col>
            </Row>
          ) : null}
          <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
            各部门（点开查看各事项）
          </Typography.Title>
          <WideTable<Department>
            label="各部门统计"
            rowKey="departmentId"
            size="small"
            dataSource={data.departments}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[{ title: '部门', dataIndex: 'departmentName', fixed: 'left' }, ...figureColumns]}
            expandable={{
              rowExpandable: (department) => department.policies.length > 0,
              expandedRowRender: (department) => (
                <Table<Policy>
                  rowKey="policyId"
                  size="small"
                  dataSource={department.policies}
                  pagination={false}
                  columns={[
                    {
                      title: '事项',
                      key: 'policy',
                      render: (_, policy) => `${policy.policyName}（${MODE_NAMES[policy.mode]}）`,
                    },
                    ...figureColumns,
                  ]}
                />
              ),
            }}
          />
        </>
      ) : null}
    </Flex>
  );
}

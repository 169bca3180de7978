// The operations dashboard of a deployment: every alarm's state, then each area of the platform with its business
// signals, its queues and its functions, then the HTTP API, in the county IT team's own words.
import { Duration, type Stack } from 'aws-cdk-lib';
import {
  type Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IMetric,
  type IWidget,
  MathExpression,
  SingleValueWidget,
  Stats,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type BusinessMetricKey, METRICS_NAMESPACE } from '../../../shared/business-metrics.ts';
import type { Decision } from '../../../shared/cases/types.ts';
import { DISCREPANCY_NAMES, DISCREPANCY_TYPES } from '../../../shared/reconciliations/reconciliation.ts';
import { businessMetric } from './business-metric.ts';
import { lambdaMetric, type MonitoredFunction } from './lambda-functions.ts';
import type { MonitoringProps } from './monitoring.ts';
import type { WorkQueue } from './queues.ts';

export interface OperationsDashboardProps extends MonitoringProps {
  alarms: Alarm[];
  /** Every function of the stack; those no area lists are shown under their own heading. */
  functions: MonitoredFunction[];
}

const OUTCOME_NAMES: Record<Decision['outcome'], string> = {
  approve: '通过',
  reject: '不予通过',
  return: '退回补正',
};

const HOUR = Duration.hours(1);
const FIVE_MINUTES = Duration.minutes(5);

const hourly = (key: BusinessMetricKey, label: string, dimensionValue?: string) =>
  businessMetric(key, { statistic: Stats.SUM, period: HOUR, label, dimensionValue });

/** Paid amounts are counted in fen, as the ledger keeps them; people read them in yuan. */
const inYuan = (fen: IMetric, label: string) =>
  new MathExpression({ expression: 'fen / 100', usingMetrics: { fen }, label, period: HOUR });

const graph = (title: string, left: IMetric[], width = 12, right: IMetric[] = []) =>
  new GraphWidget({ title, left, right, width, height: 6 });

const queueGraph = (title: string, work: WorkQueue) =>
  graph(
    title,
    [
      work.queue.metricApproximateNumberOfMessagesVisible({ label: '待处理', statistic: Stats.MAXIMUM }),
      work.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        label: '死信',
        statistic: Stats.MAXIMUM,
      }),
    ],
    8,
    [work.queue.metricApproximateAgeOfOldestMessage({ label: '最久等待（秒）', statistic: Stats.MAXIMUM })],
  );

export function operationsDashboard(stack: Stack, props: OperationsDashboardProps): Dashboard {
  const { stage, alarms, functions, catalog, chains, payout, finance, api } = props;
  const monitored = (fns: IFunction[]) =>
    functions.filter((fn) => fns.some((area) => area.node.defaultChild === fn.resource));
  const listed = [catalog, chains, payout, finance].flatMap((area) => monitored(area.functions));
  const unlisted = functions.filter((fn) => !listed.includes(fn));
  /** Errors and throttles side by side; a queue's graph first where the area has one. */
  const functionRow = (fns: MonitoredFunction[], width = 12) => [
    graph(
      '函数错误（每 5 分钟）',
      fns.map((fn) => lambdaMetric(fn, 'Errors', Stats.SUM, FIVE_MINUTES, true)),
      width,
    ),
    graph(
      '函数限流（每 5 分钟）',
      fns.map((fn) => lambdaMetric(fn, 'Throttles', Stats.SUM, FIVE_MINUTES, true)),
      width,
    ),
  ];
  const heading = (markdown: string) => new TextWidget({ markdown, width: 24, height: 1 });

  const dashboard = new Dashboard(stack, 'OperationsDashboard', {
    dashboardName: `${stack.stackName}-${stage}`.replace(/[^A-Za-z0-9_-]/g, '-'),
    // A county's payments come in batches days apart: a week shows the last ones beside today.
    defaultInterval: Duration.days(7),
  });
  const rows: IWidget[][] = [
    [
      new TextWidget({
        markdown: `# 惠企兑付（${stage}）运行与业务\n每条告警都发给告警主题（AlarmTopic）的订阅者：部署时 alarmEmails、alarmSms、alarmWebhook 所列的邮箱、手机与 Webhook。业务指标在命名空间 ${METRICS_NAMESPACE}。`,
        width: 24,
        height: 2,
      }),
    ],
    [new AlarmStatusWidget({ title: '告警状态', alarms, width: 24, height: 8 })],

    [heading('## 资金池与兑付')],
    [
      new SingleValueWidget({
        title: '所选时段合计',
        metrics: [
          hourly('PaymentsPaid', '已付笔数'),
          inYuan(hourly('PaymentsPaidFen', '已付金额（分）'), '已付金额（元）'),
          hourly('PaymentsHeld', '暂缓'),
          hourly('PaymentsFailed', '失败'),
          hourly('PaymentsReturned', '退回'),
          hourly('WhitelistLinesRefused', '白名单拒收行'),
        ],
        setPeriodToTimeRange: true,
        width: 24,
        height: 3,
      }),
    ],
    [
      graph('兑付笔数（每小时）', [
        hourly('PaymentsPaid', '已付'),
        hourly('PaymentsHeld', '暂缓'),
        hourly('PaymentsFailed', '失败'),
        hourly('PaymentsReturned', '退回'),
      ]),
      graph('已付金额（元，每小时）', [inYuan(hourly('PaymentsPaidFen', '已付金额（分）'), '已付金额')], 6),
      graph('白名单拒收行（每小时）', [hourly('WhitelistLinesRefused', '拒收行')], 6),
    ],
    [queueGraph('兑付队列', payout.payoutQueues), ...functionRow(monitored(payout.functions), 8)],

    [heading('## 受理与审批链')],
    [
      graph('审批链执行（每 5 分钟）', [
        chains.approvalChain.metricStarted({ label: '启动', period: FIVE_MINUTES }),
        chains.approvalChain.metricSucceeded({ label: '完成', period: FIVE_MINUTES }),
        chains.approvalChain.metricFailed({ label: '失败', period: FIVE_MINUTES }),
        chains.approvalChain.metricTimedOut({ label: '超时', period: FIVE_MINUTES }),
        chains.approvalChain.metricAborted({ label: '中止', period: FIVE_MINUTES }),
      ]),
      graph(
        '审核决定（每小时，按结果）',
        Object.entries(OUTCOME_NAMES).map(([outcome, name]) => hourly('Decisions', name, outcome)),
        6,
      ),
      graph(
        '逾期任务与中断案件',
        [
          hourly('TasksTurnedRed', '转红任务（每小时）'),
          businessMetric('StuckCases', { statistic: Stats.MAXIMUM, period: HOUR, label: '中断案件' }),
        ],
        6,
      ),
    ],
    functionRow(monitored(chains.functions)),

    [heading('## 财务与监督')],
    [
      graph(
        '对账差异（按类型，每日）',
        DISCREPANCY_TYPES.map((type) =>
          businessMetric('Discrepancies', {
            statistic: Stats.SUM,
            period: Duration.days(1),
            label: DISCREPANCY_NAMES[type],
            dimensionValue: type,
          }),
        ),
        16,
      ),
      queueGraph('对账队列', finance.reconcileQueues),
    ],
    functionRow(monitored(finance.functions)),

    [heading('## 政策目录')],
    functionRow(monitored(catalog.functions)),

    [heading('## 接口（HTTP API）')],
    [
      graph('请求与错误（每 5 分钟）', [
        api.api.metricCount({ label: '请求', period: FIVE_MINUTES, statistic: Stats.SUM }),
        api.api.metricClientError({ label: '4xx', period: FIVE_MINUTES, statistic: Stats.SUM }),
        api.api.metricServerError({ label: '5xx', period: FIVE_MINUTES, statistic: Stats.SUM }),
      ]),
      graph('延迟（毫秒）', [
        api.api.metricLatency({ label: 'p50', period: FIVE_MINUTES, statistic: Stats.percentile(50) }),
        api.api.metricLatency({ label: 'p99', period: FIVE_MINUTES, statistic: Stats.percentile(99) }),
      ]),
    ],
    ...(unlisted.length > 0 ? [[heading('## 其他函数')], functionRow(unlisted)] : []),
  ];
  for (const row of rows) dashboard.addWidgets(...row);
  return dashboard;
}

// Monitoring: alarms on the platform's failures and on its business signals, every one sent to the alarm topic, and
// the operations dashboard of each deployment. Thresholds are set for one county's volume: a few hundred requests
// an hour, whitelists of up to a few thousand lines, one nightly reconciliation.
import { Duration, type RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { type AlarmRecipients, alarmTopic } from './alarm-topic.ts';
import { businessMetric } from './business-metric.ts';
import type { PolicyCatalog } from './catalog.ts';
import type { FinanceAndOversight } from './finance-oversight.ts';
import type { FundPoolAndPayout } from './fund-pool-payout.ts';
import type { PlatformApi } from './http-api.ts';
import { APPROVAL_CHAIN, type IntakeAndApproval } from './intake-approval.ts';
import { functionsOf, lambdaMetric } from './lambda-functions.ts';
import { operationsDashboard } from './operations-dashboard.ts';

export interface MonitoringProps {
  stage: string;
  removalPolicy: RemovalPolicy;
  recipients: AlarmRecipients;
  catalog: PolicyCatalog;
  chains: IntakeAndApproval;
  payout: FundPoolAndPayout;
  finance: FinanceAndOversight;
  api: PlatformApi;
}

const FIVE_MINUTES = Duration.minutes(5);

export class Monitoring {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(stack: Stack, props: MonitoringProps) {
    const { chains, payout, finance, api } = props;
    this.topic = alarmTopic(stack, props);
    const notify = new SnsAction(this.topic);
    /**
     * Missing data is no failure here: a queue, function or API with nothing to do publishes nothing, and a business
     * metric is only emitted when something happens. An operational alarm also tells when it is over (OK), so the
     * county's IT team knows without logging in; a business alarm tells once, as its count is a fact to follow up.
     */
    const raise = (id: string, spec: AlarmSpec, operational = true) => {
      const alarm = new Alarm(stack, id, {
        alarmDescription: spec.description,
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: spec.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: spec.evaluationPeriods ?? 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      if (operational) alarm.addOkAction(notify);
      this.alarms.push(alarm);
    };

    // A message is only dead-lettered after every retry failed: one is already someone's money or report.
    for (const work of [payout.payoutQueues, finance.reconcileQueues]) {
      raise(`${work.name}DeadLetterAlarm`, {
        description: `${work.carries}重试 ${work.maxReceiveCount} 次仍未处理成功，已进入死信队列。${work.onDeadLetter}。`,
        metric: work.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: Stats.MAXIMUM,
        }),
        threshold: 0,
        comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    // Handlers answer a person's mistake with a 4xx and report batch items one by one, so a function error is an
    // unhandled failure: at a county's volume even one is worth a look. A throttle means the account's concurrency
    // (low on a new account, China regions included) is used up, and people are being turned away.
    for (const fn of functionsOf(stack)) {
      raise(`${fn.label}ErrorsAlarm`, {
        description: `函数 ${fn.label} 5 分钟内出现未处理的错误：请查看其日志组中的 ERROR 记录。`,
        metric: lambdaMetric(fn, 'Errors', Stats.SUM, FIVE_MINUTES),
        threshold: 1,
      });
      raise(`${fn.label}ThrottlesAlarm`, {
        description: `函数 ${fn.label} 5 分钟内被限流：账户的 Lambda 并发配额已用尽，请申请提高配额。`,
        metric: lambdaMetric(fn, 'Throttles', Stats.SUM, FIVE_MINUTES),
        threshold: 1,
      });
    }

    // Every execution is one enterprise's case: one that fails, times out or is stopped leaves that case waiting.
    const chain = chains.approvalChain;
    const redrive =
      '该案件停在审批链中：请在 Step Functions 控制台查看该执行，排除原因后由管理员重驱（redrive）。';
    const executions = [
      ['Failed', '失败', chain.metricFailed({ period: FIVE_MINUTES })],
      ['TimedOut', '超时', chain.metricTimedOut({ period: FIVE_MINUTES })],
      ['Aborted', '被中止', chain.metricAborted({ period: FIVE_MINUTES })],
    ] as const;
    for (const [kind, words, metric] of executions) {
      raise(`${APPROVAL_CHAIN.id}${kind}Alarm`, {
        description: `审批链有执行${words}。${redrive}`,
        metric,
        threshold: 1,
      });
    }

    // A function error already alarms on its own; these catch what lies between: gateway and integration failures,
    // and slowness. Five server errors in five minutes is more than one person retrying one broken request. The p99
    // of a quiet period is nearly its slowest request, and one whitelist push of a few thousand lines may take 20 s,
    // so latency alarms only when three periods in a row are slow.
    raise('ApiServerErrorsAlarm', {
      description: 'HTTP API 5 分钟内有 5 次以上 5xx 应答：请查看 API 访问日志及相应函数的日志。',
      metric: api.api.metricServerError({ period: FIVE_MINUTES, statistic: Stats.SUM }),
      threshold: 5,
    });
    raise('ApiLatencyAlarm', {
      description: 'HTTP API 的 p99 延迟连续 15 分钟超过 10 秒：请查看各函数的耗时与 DynamoDB 限流。',
      metric: api.api.metricLatency({ period: FIVE_MINUTES, statistic: Stats.percentile(99) }),
      threshold: 10_000,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });

    // Business signals: a single failed or held payment is routine and sits on the payer's list; many at once point
    // at the bank link, a bad whitelist or a rule gone wrong.
    raise(
      'PaymentsFailedAlarm',
      {
        description: '15 分钟内 5 笔以上兑付失败：可能是银行通道或整批名单出了问题，请查看支付方的失败记录。',
        metric: businessMetric('PaymentsFailed', { statistic: Stats.SUM, period: Duration.minutes(15) }),
        threshold: 5,
      },
      false,
    );
    raise(
      'PaymentsHeldAlarm',
      {
        description: '1 小时内 20 笔以上兑付被风险规则暂缓：请核对黑名单与名单数据，支付方需逐笔放行或拒付。',
        metric: businessMetric('PaymentsHeld', { statistic: Stats.SUM, period: Duration.hours(1) }),
        threshold: 20,
      },
      false,
    );
    // Reconciliation runs nightly: any discrepancy is money the ledger and the bank disagree on.
    raise(
      'DiscrepanciesAlarm',
      {
        description:
          '对账发现差异（漏发、多发、错发、退回未冲销或资金池不平）：请财务在对账报告中逐条核实并处理。',
        metric: businessMetric('Discrepancies', { statistic: Stats.SUM, period: Duration.hours(1) }),
        threshold: 1,
      },
      false,
    );
    // The watch runs every ten minutes, so every fifteen-minute period holds at least one of its counts.
    raise(
      'StuckCasesAlarm',
      {
        description: '有案件的审批链已中断（案件在办而无执行）：请管理员查看并重驱这些案件。',
        metric: businessMetric('StuckCases', { statistic: Stats.MAXIMUM, period: Duration.minutes(15) }),
        threshold: 1,
      },
      false,
    );

    operationsDashboard(stack, { ...props, alarms: this.alarms, functions: functionsOf(stack) });
  }
}

interface AlarmSpec {
  /** What happened and what to do, in the operators' words: it is the body of the message they receive. */
  description: string;
  metric: IMetric;
  threshold: number;
  /** At or above the threshold, unless told otherwise. */
  comparison?: ComparisonOperator;
  evaluationPeriods?: number;
}

// What the oversight routes answer: statistics by department and policy, and the period's risk warnings.
import * as z from 'zod';
import { TASK_STEPS } from '../../cases/types.ts';
import { MODES } from '../../catalog/types.ts';
import { WARNING_COLOURS, WARNING_RULES } from '../../risk/rules.ts';
import { calendarDate, count, fenAmount } from './common.ts';

/** A count for each redemption mode (免申即享、即申即享、承诺兑现). */
const countsByMode = z.record(z.enum(MODES), count);

/** A share or an average; null when there was nothing to divide by. */
const ratio = z.number().nullable();

/** How one review step kept its working-day limits. */
const stepFigures = z.object({
  decided: count,
  onTime: count,
  rate: ratio.describe('按时办结率（onTime ÷ decided）；无办结为 null'),
  overdueOpen: count.describe('未办结且已超期的任务数'),
});

/** The figures counted for a division, a department or a policy over the period. */
const figures = z.object({
  cases: z.object({
    filed: count,
    paid: count,
    rejected: count,
    withdrawn: count,
    inProgress: count,
    byMode: countsByMode,
  }),
  payouts: z.object({
    paid: count,
    paidFen: fenAmount,
    returned: count,
    byMode: countsByMode,
  }),
  requestedFen: fenAmount,
  approvedFen: fenAmount,
  daysToPayment: z.object({
    count,
    average: ratio.describe('从申请（白名单为推送）到兑付的平均工作日'),
    max: z.number().int().nullable(),
    onTime: count.describe('在该兑现方式承诺时限内兑付的笔数'),
    onTimeRate: ratio,
  }),
  steps: z.partialRecord(z.enum(TASK_STEPS), stepFigures),
  ratings: z.object({ count, average: ratio.describe('好差评平均分（1–5）') }),
});

/** A policy's figures. */
const policyFigures = figures.extend({
  policyId: z.string(),
  policyName: z.string(),
  mode: z.enum(MODES),
});

/** A department's figures, with those of each of its policies. */
const departmentFigures = figures.extend({
  departmentId: z.string(),
  departmentName: z.string(),
  policies: z.array(policyFigures),
});

/** Statistics (统计分析) of a division over a period, slowest department first. */
const stats = z.object({
  divisionCode: z.string(),
  from: calendarDate,
  to: calendarDate,
  policies: z.object({
    total: count,
    byMode: countsByMode,
    noApplicationOrInstantShare: ratio.describe('免申即享与即申即享事项占比；无事项为 null'),
    target: z.number().describe('该占比的目标值'),
    meetsTarget: z.boolean(),
  }),
  totals: figures,
  departments: z.array(departmentFigures),
});

/** A risk warning (风险预警) of the period, stable under its id. */
const riskWarning = z.object({
  id: z.string().describe('预警标识；同一预警再次查询标识不变'),
  rule: z.enum(WARNING_RULES),
  colour: z.enum(WARNING_COLOURS),
  detail: z.string(),
  uscc: z.string(),
  policyId: z.string().optional(),
  departmentId: z.string().optional(),
  period: z.string().optional(),
  paymentId: z.string().optional(),
  caseId: z.string().optional(),
  amountFen: fenAmount.optional(),
  status: z.string().optional().describe('兑付或办件的当前状态'),
  at: z.string().describe('兑付指令收到或办件提交的时间'),
});

/** The period's warnings, worst first, with how many there are of each colour. */
const riskWarningPage = z.object({
  from: calendarDate,
  to: calendarDate,
  counts: z.record(z.enum(WARNING_COLOURS), count),
  items: z.array(riskWarning),
});

export { departmentFigures, figures, policyFigures, riskWarning, riskWarningPage, stats, stepFigures };

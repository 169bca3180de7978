// The story in order, and how it is told: each step under its header, timed, and a failure named by its step.
import { DemoError } from './checks.ts';
import { createContext, type DemoContext, type DemoOptions, type DemoStep } from './context.ts';
import { applicationStep } from './steps/applications.ts';
import { budgetStep } from './steps/budgets.ts';
import { catalogStep } from './steps/catalog.ts';
import { jointReviewStep } from './steps/joint-review.ts';
import { paymentStep } from './steps/payments.ts';
import { reconciliationStep } from './steps/reconciliation.ts';
import { reviewStep } from './steps/review.ts';
import { riskStep } from './steps/risk-warnings.ts';
import { settlementStep } from './steps/settlement.ts';
import { statsStep } from './steps/stats.ts';
import { whitelistStep } from './steps/whitelist.ts';
import { workdayStep } from './steps/workday.ts';

/** The story, in order; later parts are appended here. */
export const DEMO_STEPS: DemoStep[] = [
  catalogStep,
  budgetStep,
  whitelistStep,
  applicationStep,
  reviewStep,
  jointReviewStep,
  paymentStep,
  reconciliationStep,
  riskStep,
  statsStep,
  settlementStep,
  workdayStep,
];

export async function runDemo(options: DemoOptions): Promise<DemoContext> {
  const ctx = createContext(options);
  const steps = options.steps ?? DEMO_STEPS;
  const started = Date.now();
  ctx.log('惠企兑付 Huiqi 全流程演示（demo）');
  ctx.log(`  平台：${ctx.api}`);
  ctx.log(
    `  日期：${ctx.today}（北京时间）  本次编号：${ctx.run.label}（企业、账号、批次和指标文号均为本次新建，可重复运行）`,
  );
  for (const [index, step] of steps.entries()) {
    ctx.log('');
    ctx.log(`━━ 第 ${index + 1}/${steps.length} 步　${step.title} ━━`);
    const stepStarted = Date.now();
    try {
      await step.run(ctx);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DemoError(`第 ${index + 1} 步「${step.title}」未通过：${message}`, { cause: error });
    }
    ctx.log(`  ✓ 完成（${((Date.now() - stepStarted) / 1000).toFixed(1)} 秒）`);
  }
  ctx.log('');
  ctx.log(`演示完成：${steps.length} 步全部通过，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
  return ctx;
}

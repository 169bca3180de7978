// Step 部门审核: the department reviews, inspects and rejects the window's case with reason and explanation.
import { caseReaches, logTimeline } from '../cases.ts';
import { check, need } from '../checks.ts';
import type { DemoStep } from '../context.ts';
import { noticeReceived } from '../enterprises.ts';
import { REJECTION, WINDOW } from '../fixtures.ts';
import { CASE_LABELS } from '../labels.ts';
import { decide, openTask } from '../tasks.ts';

export const reviewStep: DemoStep = {
  name: 'review',
  title: '部门审核：初审、现场核查、决定（Department review）',
  async run(ctx) {
    const review = need(ctx.review, '承诺兑现办件');
    const { department, caseId } = review;
    const initial = await openTask(ctx, department, caseId, 'initial_review');
    ctx.log(`  ${department.name}收到初审任务 ${initial.id}，办理时限至 ${initial.dueDate}`);
    await decide(ctx, department, initial, { outcome: 'approve', reason: '材料齐全，符合受理条件' });
    const inspection = await openTask(ctx, department, caseId, 'substantive_review');
    ctx.log(`  ${department.name}收到实质审查任务 ${inspection.id}，办理时限至 ${inspection.dueDate}`);
    await decide(ctx, department, inspection, {
      outcome: 'approve',
      reason: '现场核查：项目已投产，核实固定资产投资 6800 万元',
    });
    const decision = await openTask(ctx, department, caseId, 'department_decision');
    await decide(ctx, department, decision, { outcome: 'reject', ...REJECTION });

    const rejected = await caseReaches(ctx, WINDOW, caseId, 'rejected', ['submitted', 'in_review']);
    check(
      rejected.decisionReason === REJECTION.reason && rejected.decisionExplanation === REJECTION.explanation,
      `办件 ${caseId} 记录的不予通过理由不对：${rejected.decisionReason} / ${rejected.decisionExplanation}`,
    );
    ctx.log(`  办件 ${caseId}：${CASE_LABELS[rejected.status]}`);
    ctx.log(`    理由：${rejected.decisionReason}`);
    ctx.log(`    政策解释：${rejected.decisionExplanation}`);
    logTimeline(ctx, rejected);
    await noticeReceived(
      ctx,
      review.applicant.actor,
      (each) => each.caseId === caseId && each.kind === 'rejected',
      `${review.applicant.profile.name}没有收到不予通过的通知`,
    );
    review.case = rejected;
  },
};

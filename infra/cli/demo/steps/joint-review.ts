// Step 联合审核: the credit agency clears its listing of the applicant, then the department approves the amount.
import { caseReaches, logTimeline } from '../cases.ts';
import { check, need } from '../checks.ts';
import type { DemoStep } from '../context.ts';
import { CLEARANCE_REASON, CREDIT_AGENCY } from '../fixtures.ts';
import { CASE_LABELS, money } from '../labels.ts';
import { withinCap } from '../policies.ts';
import { decide, openTask } from '../tasks.ts';
import { waitFor } from '../waiting.ts';

export const jointReviewStep: DemoStep = {
  name: 'joint-review',
  title: '联合审核：联审部门核查名单命中，主管部门核定金额（Joint review）',
  async run(ctx) {
    const instant = need(ctx.instant, '即申即享办件');
    const { caseId, department, applicant } = instant;
    // 即申即享 screens before the department decides: the case waits for the agency first.
    const screened = await waitFor(ctx, '联合审核筛查', async () => {
      const record = await ctx.request('企业查询办件', 'GET /applications/{id}', {
        path: { id: caseId },
        as: applicant.actor,
        status: 200,
      });
      check(record.status === 'submitted' || record.status === 'in_review', `办件已变为 ${record.status}`);
      return { value: record.jointReview ? record : undefined, state: CASE_LABELS[record.status] };
    });
    const hit = screened.jointReview?.find((each) => each.agencyId === CREDIT_AGENCY.id);
    check(
      hit && !hit.outcome,
      `联合审核没有发现 ${CREDIT_AGENCY.id} 的名单命中：${JSON.stringify(screened.jointReview)}`,
    );
    ctx.log(`  联合审核命中 ${hit.agencyId}（${CREDIT_AGENCY.name}）：${hit.reason}`);

    const task = await openTask(ctx, CREDIT_AGENCY, caseId, 'joint_review');
    const departmentTasks = await ctx.request(`${department.name}查看待办`, 'GET /tasks', {
      as: department,
      status: 200,
    });
    check(
      !departmentTasks.items.some((each) => each.caseId === caseId),
      `联审未完成，${department.name}却已有该办件的任务`,
    );
    ctx.log(
      `  ${CREDIT_AGENCY.name}收到核查任务 ${task.id}，办理时限至 ${task.dueDate}；${department.name}暂无此件`,
    );
    await decide(ctx, CREDIT_AGENCY, task, { outcome: 'approve', reason: CLEARANCE_REASON });

    const decision = await openTask(ctx, department, caseId, 'department_decision');
    const policy = need(ctx.policies.instant, '即申即享政策事项');
    const approvedFen = withinCap(policy, applicant.profile.requestedFen);
    await decide(ctx, department, decision, {
      outcome: 'approve',
      amountFen: approvedFen,
      reason: '两件发明专利已授权，符合奖励条件',
    });

    const sent = await caseReaches(ctx, applicant.actor, caseId, 'sent_to_payer', ['submitted', 'in_review']);
    check(
      sent.approvedAmountFen === approvedFen,
      `办件核定金额为 ${sent.approvedAmountFen}，应为 ${approvedFen}`,
    );
    const cleared = sent.jointReview?.find((each) => each.agencyId === CREDIT_AGENCY.id);
    check(
      cleared?.outcome === 'cleared' && cleared.decidedBy === `agency:${CREDIT_AGENCY.id}`,
      `联合审核结论未记录：${JSON.stringify(sent.jointReview)}`,
    );
    ctx.log(`  办件 ${caseId}：${CASE_LABELS[sent.status]}，核定 ${money(sent.approvedAmountFen ?? 0)}`);
    logTimeline(ctx, sent);
    instant.case = sent;
  },
};

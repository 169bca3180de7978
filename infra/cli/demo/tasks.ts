// A reviewer's side of the approval chain: waiting for an open task in the reviewer's list, and deciding it.
import type { ClientRequest } from '../../../shared/api/contract.ts';
import type { ReviewTask, TaskStep } from './answers.ts';
import { check } from './checks.ts';
import type { Actor, DemoContext } from './context.ts';
import { clock, money, OUTCOME_LABELS, STEP_LABELS } from './labels.ts';
import { waitFor } from './waiting.ts';

/** Waits for the open task of `step` (of any step, if none is named) on the case in the assignee's list. */
export async function openTask(ctx: DemoContext, assignee: Actor, caseId: string, step?: TaskStep) {
  return waitFor(ctx, `${assignee.name}的${step ? STEP_LABELS[step] : '审核'}任务`, async () => {
    const tasks = await ctx.request(`${assignee.name}查看待办`, 'GET /tasks', { as: assignee, status: 200 });
    const task = tasks.items.find(
      (each) =>
        each.caseId === caseId && (step === undefined || each.step === step) && each.status === 'open',
    );
    return { value: task, state: '任务尚未生成' };
  });
}

export async function decide(
  ctx: DemoContext,
  assignee: Actor,
  task: ReviewTask,
  body: ClientRequest<'POST /tasks/{id}/decision'>['body'],
) {
  const decided = await ctx.request(
    `${assignee.name}作出${STEP_LABELS[task.step]}决定`,
    'POST /tasks/{id}/decision',
    { path: { id: task.id }, as: assignee, body, status: 200 },
  );
  const recorded = decided.decision;
  check(
    decided.status === 'decided' &&
      recorded?.outcome === body.outcome &&
      recorded.amountFen === body.amountFen,
    `${STEP_LABELS[task.step]}任务 ${task.id} 未记录决定：${JSON.stringify(decided)}`,
  );
  ctx.log(
    `  ${assignee.name}${STEP_LABELS[task.step]}：${OUTCOME_LABELS[recorded.outcome]}${recorded.amountFen === undefined ? '' : `，核定 ${money(recorded.amountFen)}`}${recorded.reason ? `——${recorded.reason}` : ''}（${recorded.decidedBy}，${clock(recorded.decidedAt)}）`,
  );
  return decided;
}

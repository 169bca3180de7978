// Department reviewers' work: their open tasks, and a decision that resumes the approval chain exactly once.
import * as z from 'zod';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import type { Decision, ReviewTask } from '../../shared/cases/types.ts';
import { notFound } from '../../shared/errors.ts';
import type { Principal } from '../../shared/principal.ts';

export const decisionBody = z
  .strictObject({
    outcome: z.enum(['approve', 'reject', 'return']),
    amountFen: z.number().int().positive().max(100_000_000_000).optional(),
    reason: z.string().trim().min(1).max(2000).optional(),
    explanation: z.string().trim().min(1).max(4000).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.outcome === 'approve' && body.amountFen === undefined) {
      ctx.addIssue({ code: 'custom', path: ['amountFen'], message: '批准时须填写核定金额（分）' });
    }
    // The seeds require a rejection to state its reason and explain the policy to the enterprise.
    if (body.outcome === 'reject' && !body.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '不予通过时须说明原因' });
    }
    if (body.outcome === 'return' && !body.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '退回补正时须写明需补正的内容' });
    }
    if (body.outcome === 'reject' && !body.explanation) {
      ctx.addIssue({ code: 'custom', path: ['explanation'], message: '不予通过时须进行政策解释' });
    }
  });
export type DecisionBody = z.infer<typeof decisionBody>;

export interface ReviewPorts {
  cases: CaseRepository;
  /** Resumes the waiting execution with the decision as the task's output. */
  resumeChain(taskToken: string, decision: Decision): Promise<void>;
  now(): Date;
}

export async function listTasks(ports: ReviewPorts, principal: Principal): Promise<ReviewTask[]> {
  return ports.cases.listOpenTasks(principal.subject);
}

export async function decide(
  ports: ReviewPorts,
  principal: Principal,
  taskId: string,
  body: DecisionBody,
): Promise<ReviewTask> {
  const task = await ports.cases.getTask(taskId);
  // Someone else's task is reported as missing, so task ids cannot be probed.
  if (!task || task.assigneeRole !== principal.role || task.assigneeId !== principal.subject)
    throw notFound('审核任务');
  // decideTask's condition, not a read here, refuses a second decision (409), even under a race.
  const decision: Decision = {
    ...body,
    decidedBy: `${principal.role}:${principal.subject}`,
    decidedAt: ports.now().toISOString(),
  };
  const { task: decided, taskToken } = await ports.cases.decideTask(taskId, decision);
  await ports.resumeChain(taskToken, decision);
  return decided;
}

// Department reviewers' work: their open tasks, and a decision that resumes the approval chain exactly once.
import * as z from 'zod';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import { type Decision, type ReviewTask, YES_NO_STEPS } from '../../shared/cases/types.ts';
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import { capOf } from '../../shared/catalog/types.ts';
import { DomainError, forbidden, notFound, validationFailed } from '../../shared/errors.ts';
import type { Principal } from '../../shared/principal.ts';

export const decisionBody = z
  .strictObject({
    outcome: z.enum(['approve', 'reject', 'return']),
    amountFen: z.number().int().positive().max(100_000_000_000).optional(),
    reason: z.string().trim().min(1).max(2000).optional(),
    explanation: z.string().trim().min(1).max(4000).optional(),
  })
  .superRefine((body, ctx) => {
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
  catalog: Pick<CatalogRepository, 'getPolicyVersion'>;
  /** Resumes the waiting execution with the decision as the task's output. */
  resumeChain(taskToken: string, decision: Decision): Promise<void>;
  now(): Date;
}

export async function listTasks(ports: ReviewPorts, principal: Principal): Promise<ReviewTask[]> {
  return ports.cases.listOpenTasks(principal.subject);
}

/** 督办: the head of a department or agency sees the unit's overdue tasks the SLA sweep escalated. */
export async function listEscalations(ports: ReviewPorts, principal: Principal): Promise<ReviewTask[]> {
  if (!principal.head) throw forbidden('督办事项仅限部门负责人查看');
  return ports.cases.listEscalated(principal.subject);
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
  if (task.step === 'department_decision' && body.outcome === 'approve')
    await assertAmount(ports, task, body);
  if (YES_NO_STEPS.includes(task.step) && body.outcome === 'return') {
    throw new DomainError('OUTCOME_NOT_ALLOWED', 422, '联合审核和异议核查只能作出通过或不通过的决定', {
      step: task.step,
    });
  }
  const { task: decided, taskToken } = await ports.cases.decideTask(taskId, decision);
  if (task.step === 'objection') await resolveObjection(ports, decided, decision);
  else if (taskToken) await ports.resumeChain(taskToken, decision);
  return decided;
}

/** The decision fixes the amount: it is required, and no more than the cap of the guide the case was filed under. */
async function assertAmount(ports: ReviewPorts, task: ReviewTask, body: DecisionBody): Promise<void> {
  if (body.amountFen === undefined) {
    throw validationFailed([{ field: 'amountFen', code: 'REQUIRED', message: '批准时须填写核定金额（分）' }]);
  }
  const record = await ports.cases.getCase(task.caseId);
  const version = record && (await ports.catalog.getPolicyVersion(record.policyId, record.policyVersion));
  const cap = version?.amountRule ? capOf(version.amountRule) : undefined;
  if (cap !== undefined && body.amountFen > cap) {
    throw new DomainError('AMOUNT_OVER_CAP', 422, `核定金额超过政策上限 ${(cap / 100).toFixed(2)} 元`, {
      capFen: cap,
    });
  }
}

/**
 * An objection the department dismisses lets the announcement run on (the sweep ends it when no objection is open);
 * one it upholds ends the announcement at once with the rejection, through the token the case is parked on.
 */
async function resolveObjection(ports: ReviewPorts, task: ReviewTask, decision: Decision): Promise<void> {
  const record = await ports.cases.getCase(task.caseId);
  if (!record) throw notFound('办件');
  const entry = {
    at: decision.decidedAt,
    status: record.status,
    by: decision.decidedBy,
    note: decision.outcome === 'approve' ? '异议不成立，公示继续' : `异议成立：${decision.reason}`,
  };
  const fields = { openObjections: Math.max(0, (record.openObjections ?? 1) - 1) };
  if (decision.outcome === 'approve') {
    await ports.cases.transition(task.caseId, entry, { from: ['announced'], fields });
    return;
  }
  const { token } = await ports.cases.releaseChain(task.caseId, entry, { from: ['announced'], fields });
  await ports.resumeChain(token, decision);
}

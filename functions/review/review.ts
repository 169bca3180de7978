// Department reviewers' work: their open tasks, and a decision that resumes the approval chain exactly once.
import { resolveObjection } from '../../shared/announcements/announcement.ts';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import type { DecisionBody } from '../../shared/cases/requests.ts';
import { taskAlreadyDecided } from '../../shared/cases/tasks.ts';
import { type Decision, type ReviewTask, YES_NO_STEPS } from '../../shared/cases/types.ts';
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import { capOf } from '../../shared/catalog/types.ts';
import type { PendingResume } from '../../shared/chains/resumes.ts';
import { DomainError, forbidden, notFound, validationFailed } from '../../shared/errors.ts';
import { yuan } from '../../shared/money.ts';
import type { Principal } from '../../shared/principal.ts';

export interface ReviewPorts {
  cases: CaseRepository;
  catalog: Pick<CatalogRepository, 'getPolicyVersion'>;
  /** Sends a stored resume to the waiting execution; a failure is left to the resume sweep, never thrown. */
  resumeChain(resume: PendingResume): Promise<unknown>;
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
  if (task.status !== 'open') throw taskAlreadyDecided(task.id, task.decision?.decidedBy);
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
  if (task.step === 'objection') return resolveObjection(ports, task, decision);
  // decideTask's condition, not a read here, refuses a second decision (409), even under a race.
  const { task: decided, resume } = await ports.cases.decideTask(taskId, decision);
  if (resume) await ports.resumeChain(resume);
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
    throw new DomainError('AMOUNT_OVER_CAP', 422, `核定金额超过政策上限 ${yuan(cap)} 元`, {
      capFen: cap,
    });
  }
}

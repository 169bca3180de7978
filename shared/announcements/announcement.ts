// Announcement (公示) of approved cases before payout, and objections (异议) that hold a case until resolved: the
// chain starts an announcement, anyone signed in may object, the department resolves each objection, and the SLA
// sweep ends an announcement that ran out with none open.
import { createHash } from 'node:crypto';
import { ChangeRefused } from '../audit/repository.ts';
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-days.ts';
import { applyCaseEvent } from '../cases/lifecycle.ts';
import type { CaseRepository } from '../cases/repository.ts';
import { taskAlreadyDecided } from '../cases/tasks.ts';
import { type Case, caseSummaryOf, type Decision, type ReviewTask } from '../cases/types.ts';
import type { CatalogRepository } from '../catalog/repository.ts';
import type { PendingResume } from '../chains/resumes.ts';
import { shanghaiDate } from '../dates.ts';
import { conflict, DomainError, notFound } from '../errors.ts';
import type { Principal } from '../principal.ts';
import type { ObjectionBody } from './requests.ts';

export interface AnnouncementPorts {
  cases: CaseRepository;
  catalog: Pick<CatalogRepository, 'getPolicyVersion'>;
  calendar(): Promise<WorkingCalendar>;
  now(): Date;
}

/** Sends a stored resume to the chain parked on the announcement; a failure is left to the resume sweep, never thrown. */
export type ResumeChain = (resume: PendingResume) => Promise<unknown>;

const CHAIN = 'chain:approval';

/**
 * Starts the announcement of an approved case for the guide's working days. The chain parks its token on the case:
 * the SLA sweep ends the announcement with it, or an upheld objection ends it with a rejection.
 */
export async function announce(
  ports: Pick<AnnouncementPorts, 'cases' | 'calendar' | 'now'>,
  request: { caseId: string; amountFen?: number; announcementDays: number; taskToken: string },
): Promise<{ caseId: string; announcementEndsOn: string }> {
  const at = ports.now().toISOString();
  const due = addWorkingDays(await ports.calendar(), ports.now(), request.announcementDays);
  const { amountFen, announcementDays } = request;
  const { record } = await applyCaseEvent(ports.cases, request.caseId, 'announced', {
    at,
    by: CHAIN,
    details: { announcementDays, endsOn: due.date, amountFen },
    fields: { approvedAmountFen: amountFen, announcementEndsOn: due.date, openObjections: 0 },
    parkToken: request.taskToken,
  });
  return { caseId: record.id, announcementEndsOn: due.date };
}

/** What the public sees of a case in announcement: the beneficiary, the policy, the amount and the last day. */
export interface AnnouncedCase {
  caseId: string;
  uscc: string;
  policyId: string;
  policyName?: string;
  departmentId: string;
  approvedAmountFen?: number;
  announcementEndsOn?: string;
}

const announced = (record: Case): AnnouncedCase => ({
  caseId: record.id,
  uscc: record.uscc,
  policyId: record.policyId,
  ...(record.policyName ? { policyName: record.policyName } : {}),
  departmentId: record.departmentId,
  approvedAmountFen: record.approvedAmountFen,
  announcementEndsOn: record.announcementEndsOn,
});

/** Announcements still running today, soonest ending first; a public notice board needs no sign-in. */
export async function listAnnouncements(ports: AnnouncementPorts): Promise<AnnouncedCase[]> {
  const today = shanghaiDate(ports.now());
  // Ending by the far future reads the whole announcing range, which holds only live announcements.
  const running = await ports.cases.announcementsEndingBy('9999-12-31');
  return running.filter((record) => (record.announcementEndsOn ?? '') >= today).map(announced);
}

/**
 * Anyone signed in may object while the announcement runs. The objection opens a task for the owning department
 * and counts as open on the case, in one transaction, so the announcement cannot end while it is unresolved.
 */
export async function raiseObjection(
  ports: AnnouncementPorts,
  principal: Principal,
  caseId: string,
  body: ObjectionBody,
): Promise<ReviewTask> {
  const now = ports.now();
  const today = shanghaiDate(now);
  // Only a case in announcement is public; any other is as missing to an objector as to anyone else.
  const notAnnounced = () => notFound('公示中的办件');
  const inAnnouncement = (current: Case) => {
    if (current.status !== 'announced' || (current.announcementEndsOn ?? '') < today) throw notAnnounced();
  };
  const record = await ports.cases.getCase(caseId);
  if (!record) throw notAnnounced();
  inAnnouncement(record);
  const version = await ports.catalog.getPolicyVersion(record.policyId, record.policyVersion);
  const due = addWorkingDays(await ports.calendar(), now, version?.timeLimits.initialReview || 3);
  const raisedBy = `${principal.role}:${principal.subject}`;
  const at = now.toISOString();
  const task: ReviewTask = {
    // One objection per person per case: raising it twice reaches the same task, which the transaction refuses.
    id: createHash('sha256').update(`${caseId}|objection|${raisedBy}`).digest('base64url').slice(0, 22),
    caseId,
    step: 'objection',
    assigneeRole: 'department',
    assigneeId: record.departmentId,
    dueDate: due.date,
    ...(due.provisional ? { dueDateProvisional: true } : {}),
    status: 'open',
    createdAt: at,
    objection: { reason: body.reason, raisedBy },
    caseSummary: caseSummaryOf(record, undefined, { withRequest: false }),
  };
  const alreadyRaised = () =>
    conflict('OBJECTION_ALREADY_RAISED', '您已对该办件提出过异议，请等待主管部门处理', { caseId });
  if (await ports.cases.getTask(task.id)) throw alreadyRaised();
  await applyCaseEvent(ports.cases, caseId, 'objection_raised', {
    at,
    // Who objected stays on the task: the enterprise reads its case's timeline and audit trail.
    by: 'system:objection',
    guard: inAnnouncement,
    fields: (current) => ({ openObjections: (current.openObjections ?? 0) + 1 }),
    openTask: task,
  }).catch((error: unknown) => {
    // The same person objecting twice at once: the task's own condition refuses the second.
    throw error instanceof ChangeRefused ? alreadyRaised() : error;
  });
  return task;
}

/**
 * The objection's task and the case's count of open objections change in one transaction. A dismissed objection
 * lets the announcement run on (the sweep ends it when none is open); an upheld one also takes the case's parked
 * token, so it alone ends the announcement, with the rejection.
 */
export async function resolveObjection(
  ports: { cases: Pick<CaseRepository, 'transition' | 'releaseChain'>; resumeChain: ResumeChain },
  task: ReviewTask,
  decision: Decision,
): Promise<ReviewTask> {
  if (task.status !== 'open') throw taskAlreadyDecided(task.id);
  const resolution = {
    at: decision.decidedAt,
    by: decision.decidedBy,
    fields: (current: Case) => ({ openObjections: Math.max(0, (current.openObjections ?? 1) - 1) }),
    decideTask: { id: task.id, decision },
  };
  try {
    if (decision.outcome === 'reject') {
      const { resume } = await applyCaseEvent(ports.cases, task.caseId, 'objection_upheld', {
        ...resolution,
        details: decision,
        resumeWith: decision,
      });
      await ports.resumeChain(resume);
    } else {
      await applyCaseEvent(ports.cases, task.caseId, 'objection_dismissed', resolution);
    }
  } catch (error) {
    // The task was decided by someone else between the read and this transaction.
    if (error instanceof ChangeRefused) throw taskAlreadyDecided(task.id);
    throw error;
  }
  return { ...task, status: 'decided', decision };
}

export interface AnnouncementEndPorts {
  cases: Pick<CaseRepository, 'announcementsEndingBy' | 'releaseChain'>;
  resumeChain: ResumeChain;
  report(caseId: string, error: unknown): void;
}

/**
 * Ends the announcements that ran out by `now` with no objection open, so their chains go on to pay. An
 * announcement runs through its last day; it ends on the sweep after that. One case that cannot be resumed must not
 * keep the others waiting: it is reported, counted as failed and tried on the next sweep.
 */
export async function endRunOutAnnouncements(
  ports: AnnouncementEndPorts,
  now: Date,
): Promise<{ ended: number; failed: number }> {
  const at = now.toISOString();
  const today = shanghaiDate(now);
  const result = { ended: 0, failed: 0 };
  for (const record of await ports.cases.announcementsEndingBy(today)) {
    if ((record.announcementEndsOn ?? today) >= today || (record.openObjections ?? 0) > 0) continue;
    try {
      if (await endAnnouncement(ports, record, at)) result.ended++;
    } catch (error) {
      result.failed++;
      ports.report(record.id, error);
    }
  }
  return result;
}

/**
 * Ends an announcement nobody objected to (or whose objections were all dismissed), so the chain goes on to pay.
 * False if someone moved the case first.
 */
async function endAnnouncement(ports: AnnouncementEndPorts, record: Case, at: string): Promise<boolean> {
  try {
    const { resume } = await applyCaseEvent(ports.cases, record.id, 'announcement_ended', {
      at,
      by: 'system:sla-sweep',
      // Judged again on the case as it is written: an objection raised since the index was read holds it.
      guard: (current) => {
        if ((current.openObjections ?? 0) > 0) {
          throw conflict('ANNOUNCEMENT_HELD', '公示期内有未处理的异议', { caseId: current.id });
        }
      },
      resumeWith: { outcome: 'approve', decidedBy: 'system:sla-sweep', decidedAt: at },
    });
    await ports.resumeChain(resume);
    return true;
  } catch (error) {
    // Someone else moved the case first (an objection, or an upheld one): nothing to end now.
    if (error instanceof DomainError) return false;
    throw error;
  }
}

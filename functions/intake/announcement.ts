// Announcement (公示) of approved cases before payout, and objections (异议) that hold a case until resolved.
import { createHash } from 'node:crypto';
import type { ObjectionBody } from '../../shared/announcements/requests.ts';
import { ChangeRefused } from '../../shared/audit/repository.ts';
import { addWorkingDays, type WorkingCalendar } from '../../shared/calendar/working-days.ts';
import { applyCaseEvent } from '../../shared/cases/lifecycle.ts';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import type { Case, ReviewTask } from '../../shared/cases/types.ts';
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import type { Principal } from '../../shared/principal.ts';

export interface AnnouncementPorts {
  cases: CaseRepository;
  catalog: CatalogRepository;
  calendar(): Promise<WorkingCalendar>;
  now(): Date;
}

/** What the public sees of a case in announcement: the beneficiary, the policy, the amount and the last day. */
export interface AnnouncedCase {
  caseId: string;
  uscc: string;
  policyId: string;
  departmentId: string;
  approvedAmountFen?: number;
  announcementEndsOn?: string;
}

const announced = (record: Case): AnnouncedCase => ({
  caseId: record.id,
  uscc: record.uscc,
  policyId: record.policyId,
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

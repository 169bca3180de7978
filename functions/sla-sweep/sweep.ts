// SLA sweep: colours open tasks green / yellow / red, escalates red ones (督办), and ends announcements that ran out.
import { endRunOutAnnouncements } from '../../shared/announcements/announcement.ts';
import { addWorkingDays, type WorkingCalendar } from '../../shared/calendar/working-days.ts';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import type { ReviewTask } from '../../shared/cases/types.ts';
import type { PendingResume } from '../../shared/chains/resumes.ts';
import { shanghaiDate } from '../../shared/dates.ts';

export type SlaColour = 'green' | 'yellow' | 'red';

export interface SweepPorts {
  cases: Pick<
    CaseRepository,
    'openTasksDueBy' | 'setTaskColour' | 'escalateTask' | 'announcementsEndingBy' | 'releaseChain'
  >;
  /** Sends the stored resume of a chain parked on an announcement; a failure is left to the resume sweep. */
  resumeChain(resume: PendingResume): Promise<unknown>;
  report(caseId: string, error: unknown): void;
  calendar(): Promise<WorkingCalendar>;
  /** The instant the sweep runs for: the schedule's own time, so a replayed or delayed run judges the right day. */
  now(): Date;
}

export interface SweepResult {
  yellow: number;
  red: number;
  escalated: number;
  announcementsEnded: number;
  failed: number;
}

export function colourOf(dueDate: string, today: string, nextWorkingDay: string): SlaColour {
  if (dueDate < today) return 'red';
  if (dueDate <= nextWorkingDay) return 'yellow';
  return 'green';
}

/** Who an overdue task goes to: the head of the department or agency it is assigned to. */
export const headOf = (task: Pick<ReviewTask, 'assigneeRole' | 'assigneeId'>) =>
  `${task.assigneeRole}_head:${task.assigneeId}`;

export async function sweep(ports: SweepPorts): Promise<SweepResult> {
  const now = ports.now();
  const at = now.toISOString();
  const today = shanghaiDate(now);
  const nextWorkingDay = addWorkingDays(await ports.calendar(), now, 1).date;
  const result: SweepResult = { yellow: 0, red: 0, escalated: 0, announcementsEnded: 0, failed: 0 };
  for (const task of await ports.cases.openTasksDueBy(nextWorkingDay)) {
    const colour = colourOf(task.dueDate, today, nextWorkingDay);
    if (colour === 'green') continue;
    result[colour]++;
    // Only a change is written, so hourly sweeps do not churn unchanged tasks.
    if (task.slaColour !== colour) await ports.cases.setTaskColour(task.id, colour);
    if (
      colour === 'red' &&
      !task.escalatedAt &&
      (await ports.cases.escalateTask(task.id, at, headOf(task)))
    ) {
      result.escalated++;
    }
  }
  const announcements = await endRunOutAnnouncements(ports, now);
  result.announcementsEnded = announcements.ended;
  result.failed = announcements.failed;
  return result;
}

import { describe, expect, it } from 'vitest';
import { type SweepPorts, sweep } from '../../functions/sla-sweep/sweep.ts';
import { hitsFor } from '../../shared/blacklists/blacklist.ts';
import { workingCalendar } from '../../shared/calendar/working-days.ts';
import type { Case, ReviewTask } from '../../shared/cases/types.ts';
import { pendingResume } from '../../shared/chains/resumes.ts';

const task = (id: string, dueDate: string, extra: Partial<ReviewTask> = {}): ReviewTask => ({
  id,
  caseId: `case-${id}`,
  step: 'department_decision',
  assigneeRole: 'department',
  assigneeId: '360728-wgxlj',
  dueDate,
  status: 'open',
  createdAt: '2026-11-01T00:00:00Z',
  ...extra,
});

const announced = (id: string, announcementEndsOn: string, openObjections = 0) =>
  ({ id, status: 'announced', announcementEndsOn, openObjections }) as Case;

/** The sweep's ports over plain arrays, recording what it writes. */
function fakePorts(now: string, tasks: ReviewTask[], cases: Case[] = []) {
  const colours: [string, string][] = [];
  const escalated: string[] = [];
  const ended: string[] = [];
  const ports: SweepPorts = {
    cases: {
      openTasksDueBy: async (date) => tasks.filter((t) => t.dueDate <= date),
      setTaskColour: async (id, colour) => {
        colours.push([id, colour]);
      },
      escalateTask: async (id, _at, to) => {
        escalated.push(`${id}→${to}`);
        return true;
      },
      announcementsEndingBy: async (date) => cases.filter((c) => (c.announcementEndsOn ?? '') <= date),
      // Applies the guard to the case as stored, as the repository does on its fresh read.
      releaseChain: async (id, _entry, options) => {
        const record = cases.find((c) => c.id === id) as Case;
        options.guard?.(record);
        return { record, resume: pendingResume(id, `token-${id}`, options.resumeWith, now) };
      },
    },
    resumeChain: async (resume) => {
      ended.push(resume.caseId);
    },
    report: () => {},
    calendar: async () => workingCalendar(),
    now: () => new Date(now),
  };
  return { ports, colours, escalated, ended };
}

describe('SLA sweep', () => {
  // Wednesday 2026-09-30, 10:00 in Shanghai; the next working day is Thursday Oct 8 (after National Day).
  const now = '2026-09-30T02:00:00Z';

  it('colours by the next working day, escalates only red tasks, and only those not yet escalated', async () => {
    const fake = fakePorts(now, [
      task('late', '2026-09-29'),
      task('already', '2026-09-28', { slaColour: 'red', escalatedAt: '2026-09-29T01:00:00Z' }),
      task('today', '2026-09-30'),
      task('after-holiday', '2026-10-08'),
      task('later', '2026-10-09'),
    ]);
    const result = await sweep(fake.ports);
    expect(result).toMatchObject({ red: 2, yellow: 2, escalated: 1 });
    expect(fake.colours).toEqual([
      ['late', 'red'],
      ['today', 'yellow'],
      ['after-holiday', 'yellow'],
    ]);
    expect(fake.escalated).toEqual(['late→department_head:360728-wgxlj']);
  });

  it('ends an announcement after its last day, never on it, and never with an objection open', async () => {
    const fake = fakePorts(
      now,
      [],
      [
        announced('ended', '2026-09-29'),
        announced('last-day', '2026-09-30'),
        announced('objected', '2026-09-28', 1),
      ],
    );
    const result = await sweep(fake.ports);
    expect(fake.ended).toEqual(['ended']);
    expect(result.announcementsEnded).toBe(1);
  });
});

describe('joint-review screening', () => {
  const entry = (agencyId: string, agencyDivision: string, listedUntil?: string) => ({
    uscc: '91360728MA35J0CC1Q',
    agencyId,
    agencyDivision,
    reason: '名单',
    listedAt: '2026-01-01T00:00:00Z',
    listedBy: `agency:${agencyId}`,
    ...(listedUntil ? { listedUntil } : {}),
  });

  it('counts lists of agencies covering the case, whose term has not ended', () => {
    const hits = hitsFor(
      [
        entry('360728-credit', '360728'),
        entry('360700-eco', '360700'),
        entry('360727-credit', '360727'),
        entry('360728-safety', '360728', '2026-06-30'),
      ],
      '360728',
      '2026-11-21',
    );
    expect(hits.map((hit) => hit.agencyId)).toEqual(['360728-credit', '360700-eco']);
  });
});

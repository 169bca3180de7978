// Statistics (统计分析) for finance and the leadership: per department and policy, what was filed and paid by mode,
// the amounts, working days from filing (or push) to payment against the time limits, on-time rates per review step,
// the ratings, and the share of policies that need no application or are instant (Taizhou's target: at least 70%).
// Departments that pay slowest come first, so the figure that matters is the first one read.
import { type WorkingCalendar, workingDaysBetween } from '../../shared/calendar/working-days.ts';
import type { Case, ReviewTask, TaskStep } from '../../shared/cases/types.ts';
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import type { Mode } from '../../shared/catalog/types.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import type { Payment } from '../../shared/payments/payments.ts';
import type { Period, PeriodRecords } from './period.ts';

/** GET /stats: a period of at most a year, this year so far unless asked. */

/** Working days from filing (a whitelist: from its push) to payment that each mode promises. */
export const PAYMENT_LIMITS: Record<Mode, number> = { auto: 1, instant: 3, review: 60 };
/** Taizhou's target: this share of policies needs no application (免申即享) or is instant (即申即享). */
export const NO_APPLICATION_TARGET = 0.7;

const ENDED_REJECTED = new Set(['rejected', 'payment_rejected']);

export interface StepFigures {
  decided: number;
  onTime: number;
  /** onTime ÷ decided, or null when nothing was decided. */
  rate: number | null;
  /** Open and past their due date today. */
  overdueOpen: number;
}

export interface Figures {
  cases: {
    filed: number;
    paid: number;
    rejected: number;
    withdrawn: number;
    inProgress: number;
    byMode: Record<Mode, number>;
  };
  payouts: { paid: number; paidFen: number; returned: number; byMode: Record<Mode, number> };
  requestedFen: number;
  approvedFen: number;
  daysToPayment: {
    count: number;
    average: number | null;
    max: number | null;
    /** Paid within the mode's limit (PAYMENT_LIMITS). */
    onTime: number;
    onTimeRate: number | null;
  };
  steps: Partial<Record<TaskStep, StepFigures>>;
  ratings: { count: number; average: number | null };
}

export interface PolicyFigures extends Figures {
  policyId: string;
  policyName: string;
  mode: Mode;
}

export interface DepartmentFigures extends Figures {
  departmentId: string;
  departmentName: string;
  policies: PolicyFigures[];
}

export interface Stats {
  divisionCode: string;
  from: string;
  to: string;
  policies: {
    total: number;
    byMode: Record<Mode, number>;
    /** (auto + instant) ÷ total. */
    noApplicationOrInstantShare: number | null;
    target: number;
    meetsTarget: boolean;
  };
  totals: Figures;
  /** Slowest average payment first. */
  departments: DepartmentFigures[];
}

export interface StatsPorts {
  catalog: Pick<CatalogRepository, 'listPolicies' | 'listDepartments'>;
  /** The official calendar with the years an admin loaded, for working days. */
  calendar(): Promise<WorkingCalendar>;
}

const byMode = (): Record<Mode, number> => ({ auto: 0, instant: 0, review: 0 });

const emptyFigures = (): Figures => ({
  cases: { filed: 0, paid: 0, rejected: 0, withdrawn: 0, inProgress: 0, byMode: byMode() },
  payouts: { paid: 0, paidFen: 0, returned: 0, byMode: byMode() },
  requestedFen: 0,
  approvedFen: 0,
  daysToPayment: { count: 0, average: null, max: null, onTime: 0, onTimeRate: null },
  steps: {},
  ratings: { count: 0, average: null },
});

/** Sums kept while counting; averages and rates are worked out once at the end. */
interface Tally {
  figures: Figures;
  days: number[];
  scores: number[];
}

const newTally = (): Tally => ({ figures: emptyFigures(), days: [], scores: [] });

const ratio = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

function finish({ figures, days, scores }: Tally): Figures {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  figures.daysToPayment.count = days.length;
  figures.daysToPayment.average = days.length ? Math.round((sum(days) / days.length) * 10) / 10 : null;
  figures.daysToPayment.max = days.length ? Math.max(...days) : null;
  figures.daysToPayment.onTimeRate = ratio(figures.daysToPayment.onTime, days.length);
  for (const step of Object.values(figures.steps)) step.rate = ratio(step.onTime, step.decided);
  figures.ratings = {
    count: scores.length,
    average: scores.length ? Math.round((sum(scores) / scores.length) * 100) / 100 : null,
  };
  return figures;
}

function countCase(tally: Tally, record: Case) {
  const { cases } = tally.figures;
  cases.filed++;
  cases.byMode[record.mode]++;
  if (record.status === 'paid') cases.paid++;
  else if (ENDED_REJECTED.has(record.status)) cases.rejected++;
  else if (record.status === 'withdrawn') cases.withdrawn++;
  else cases.inProgress++;
  tally.figures.requestedFen += record.requestedAmountFen ?? 0;
  tally.figures.approvedFen += record.approvedAmountFen ?? 0;
  if (record.rating) tally.scores.push(record.rating.score);
}

function countPayment(tally: Tally, payment: Payment, mode: Mode, workingDays: number | undefined) {
  const { payouts } = tally.figures;
  if (payment.status === 'returned') payouts.returned++;
  if (payment.status !== 'paid') return;
  payouts.paid++;
  payouts.paidFen += payment.amountFen;
  payouts.byMode[mode]++;
  if (workingDays === undefined) return;
  tally.days.push(workingDays);
  if (workingDays <= PAYMENT_LIMITS[mode]) tally.figures.daysToPayment.onTime++;
}

function countTask(tally: Tally, task: ReviewTask, today: string) {
  const step = tally.figures.steps[task.step] ?? { decided: 0, onTime: 0, rate: null, overdueOpen: 0 };
  tally.figures.steps[task.step] = step;
  if (task.decision) {
    step.decided++;
    if (shanghaiDate(new Date(task.decision.decidedAt)) <= task.dueDate) step.onTime++;
  } else if (task.dueDate < today) {
    step.overdueOpen++;
  }
}

export async function statistics(ports: StatsPorts, records: PeriodRecords, now: Date): Promise<Stats> {
  const { divisionCode, period } = records;
  const [policyPage, departments, calendar] = await Promise.all([
    ports.catalog.listPolicies({ divisionCode, status: 'published', limit: 1000 }),
    ports.catalog.listDepartments(divisionCode),
    ports.calendar(),
  ]);
  const policies = policyPage.items;
  const policyById = new Map(policies.map((policy) => [policy.id, policy]));
  const departmentName = new Map(departments.map((department) => [department.id, department.name]));

  const totals = newTally();
  const byDepartment = new Map<string, { tally: Tally; policies: Map<string, Tally> }>();
  const tallies = (departmentId: string, policyId?: string): Tally[] => {
    const department = byDepartment.get(departmentId) ?? { tally: newTally(), policies: new Map() };
    byDepartment.set(departmentId, department);
    if (!policyId) return [totals, department.tally];
    const policy = department.policies.get(policyId) ?? newTally();
    department.policies.set(policyId, policy);
    return [totals, department.tally, policy];
  };

  for (const record of records.cases) {
    for (const tally of tallies(record.departmentId, record.policyId)) countCase(tally, record);
  }
  const daysBetween = workingDaysBetween(calendar);
  for (const payment of records.payments) {
    const record = payment.caseId ? records.caseById.get(payment.caseId) : undefined;
    const mode: Mode = payment.source === 'whitelist' ? 'auto' : (record?.mode ?? 'review');
    // From filing for a case, from the push for a whitelist entry, to the moment the bank settled it.
    const start = payment.source === 'whitelist' ? payment.orderedAt : record?.createdAt;
    const days = start ? daysBetween(new Date(start), new Date(payment.updatedAt)) : undefined;
    for (const tally of tallies(payment.departmentId, payment.policyId))
      countPayment(tally, payment, mode, days);
  }
  const today = shanghaiDate(now);
  for (const task of records.tasks) {
    // Steps are counted per assignee: an agency's joint review is the agency's own timeliness.
    for (const tally of tallies(task.assigneeId)) countTask(tally, task, today);
  }

  const departmentFigures: DepartmentFigures[] = [...byDepartment].map(([departmentId, department]) => ({
    departmentId,
    departmentName: departmentName.get(departmentId) ?? departmentId,
    ...finish(department.tally),
    policies: [...department.policies]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([policyId, tally]) => ({
        policyId,
        policyName: policyById.get(policyId)?.name ?? policyId,
        mode: policyById.get(policyId)?.mode ?? 'review',
        ...finish(tally),
      })),
  }));
  const slowest = (figures: Figures) => figures.daysToPayment.average ?? -1;
  departmentFigures.sort((a, b) => slowest(b) - slowest(a) || a.departmentId.localeCompare(b.departmentId));

  const modes = byMode();
  for (const policy of policies) modes[policy.mode]++;
  const share = ratio(modes.auto + modes.instant, policies.length);
  return {
    divisionCode,
    ...(period satisfies Period),
    policies: {
      total: policies.length,
      byMode: modes,
      noApplicationOrInstantShare: share,
      target: NO_APPLICATION_TARGET,
      meetsTarget: share !== null && share >= NO_APPLICATION_TARGET,
    },
    totals: finish(totals),
    departments: departmentFigures,
  };
}

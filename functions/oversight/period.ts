// What happened in a division over a period, read by key ranges only: cases filed and review tasks opened, by the
// month index of the case store, and payments by the time they last moved, by the status index of the payment store.
// Statistics and risk warnings are both views over this one read.
import type { CaseRepository } from '../../shared/cases/repository.ts';
import type { Case, ReviewTask } from '../../shared/cases/types.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import { validationFailed } from '../../shared/errors.ts';
import { PAYMENT_STATUSES, type Payment, type PaymentStore } from '../../shared/payments/payments.ts';
import { datesOf, daysBetween, shiftDate } from '../../shared/reconciliations/reconciliation.ts';

export interface PeriodPorts {
  cases: Pick<CaseRepository, 'filedIn' | 'tasksOpenedIn' | 'getCase'>;
  payments: Pick<PaymentStore, 'movedBetween'>;
  now(): Date;
}

export interface Period {
  from: string;
  to: string;
}

export interface PeriodRecords {
  divisionCode: string;
  period: Period;
  cases: Case[];
  tasks: ReviewTask[];
  /** Payments of the division's policies that last moved in the period (a paid one: paid in the period). */
  payments: Payment[];
  /** Cases by id: those filed in the period and those the period's payments were made for. */
  caseById: Map<string, Case>;
}

/** The period asked for, or `defaultDays` up to today (Asia/Shanghai); a start after today's end is refused. */
export function periodOf(query: Partial<Period>, now: Date, defaultDays: number, maxDays: number): Period {
  const to = query.to ?? shanghaiDate(now);
  const from = query.from ?? shiftDate(to, -(defaultDays - 1));
  if (from > to || daysBetween(from, to) >= maxDays) {
    throw validationFailed([
      {
        field: 'from',
        code: 'invalid_period',
        message: `开始日期应不晚于结束日期，且期间最长 ${maxDays} 天`,
      },
    ]);
  }
  return { from, to };
}

/** YYYY-MM of every month the period touches. */
const monthsOf = (period: Period) => [
  ...new Set(datesOf(period.from, period.to).map((date) => date.slice(0, 7))),
];

/** The instant a Shanghai date starts, as the ISO string the status index sorts by. */
const startOf = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();

export async function readPeriod(
  ports: PeriodPorts,
  divisionCode: string,
  period: Period,
): Promise<PeriodRecords> {
  const inPeriod = (at: string) => {
    const date = shanghaiDate(new Date(at));
    return date >= period.from && date <= period.to;
  };
  const months = monthsOf(period);
  const after = startOf(period.from);
  const nextDay = startOf(shiftDate(period.to, 1));
  const [filed, opened, moved] = await Promise.all([
    Promise.all(months.map((month) => ports.cases.filedIn(divisionCode, month))),
    Promise.all(months.map((month) => ports.cases.tasksOpenedIn(divisionCode, month))),
    Promise.all(PAYMENT_STATUSES.map((status) => ports.payments.movedBetween(status, after, nextDay))),
  ]);
  const cases = filed.flat().filter((record) => inPeriod(record.createdAt));
  const payments = moved
    .flat()
    .filter((payment) => payment.policyId.startsWith(divisionCode) && payment.updatedAt < nextDay);
  const caseById = new Map(cases.map((record) => [record.id, record]));
  // A payment in the period may be for a case filed before it: its filing date is what "days to payment" counts from.
  const missing = [
    ...new Set(payments.flatMap((payment) => (payment.caseId ? [payment.caseId] : []))),
  ].filter((id) => !caseById.has(id));
  for (const found of await Promise.all(missing.map((id) => ports.cases.getCase(id)))) {
    if (found) caseById.set(found.id, found);
  }
  return {
    divisionCode,
    period,
    cases,
    tasks: opened.flat().filter((task) => inPeriod(task.createdAt)),
    payments,
    caseById,
  };
}

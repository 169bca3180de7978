// Statistics and risk warnings over hand-made period records: every figure and every rule's edge is known in advance.
import { describe, expect, it } from 'vitest';
import type { PeriodRecords } from '../../functions/oversight/period.ts';
import { type StatsPorts, statistics } from '../../functions/oversight/stats.ts';
import { workingCalendar } from '../../shared/calendar/working-days.ts';
import type { Case, ReviewTask } from '../../shared/cases/types.ts';
import type { Payment } from '../../shared/payments/payments.ts';
import { filtered, warningsOver } from '../../shared/risk/warnings.ts';

const payment = (id: string, overrides: Partial<Payment> = {}): Payment => ({
  paymentId: id,
  source: 'whitelist',
  batchId: 'b1',
  line: 1,
  policyId: '360728-002',
  policyName: '工业企业电价补贴',
  departmentId: '360728-gxj',
  period: '2026',
  uscc: `91360728MA35T00${id.padStart(3, '0')}`.slice(0, 18),
  enterpriseName: '定南某公司',
  amountFen: 10_000,
  bankAccount: { bankName: '定南农商银行', accountNo: '6228480000000001', accountName: '定南某公司' },
  orderedAt: '2026-11-16T02:00:00.000Z',
  status: 'paid',
  warnings: [],
  receivedAt: '2026-11-16T02:00:01.000Z',
  updatedAt: '2026-11-16T02:00:05.000Z',
  ...overrides,
});

const filedCase = (id: string, overrides: Partial<Case> = {}): Case => ({
  id,
  policyId: '360728-024',
  policyVersion: 1,
  mode: 'review',
  divisionCode: '360728',
  departmentId: '360728-wgxlj',
  uscc: '91360728MA35T00001',
  channel: 'online',
  period: '2026',
  status: 'paid',
  timeline: [],
  createdAt: '2026-11-02T02:00:00.000Z',
  ...overrides,
});

const task = (id: string, overrides: Partial<ReviewTask> = {}): ReviewTask => ({
  id,
  caseId: 'c1',
  step: 'initial_review',
  assigneeRole: 'department',
  assigneeId: '360728-wgxlj',
  dueDate: '2026-11-05',
  status: 'open',
  createdAt: '2026-11-02T02:00:00.000Z',
  ...overrides,
});

const records = (parts: Partial<PeriodRecords>): PeriodRecords => ({
  divisionCode: '360728',
  period: { from: '2026-11-01', to: '2026-11-30' },
  cases: [],
  tasks: [],
  payments: [],
  caseById: new Map((parts.cases ?? []).map((record) => [record.id, record])),
  ...parts,
});

describe('risk warnings', () => {
  it('keeps the payer’s colours, shows cleared blacklist hits green, and orders red, yellow, green', () => {
    const warnings = warningsOver(
      records({
        payments: [
          payment('1', {
            status: 'held',
            warnings: [{ rule: 'account_shared', colour: 'red', detail: '账户已被他人使用' }],
          }),
          payment('2', {
            warnings: [{ rule: 'account_recently_changed', colour: 'yellow', detail: '近 30 日变更账户' }],
          }),
        ],
        cases: [
          filedCase('c1', {
            uscc: '91360728MA35T00999',
            status: 'in_review',
            jointReview: [
              { agencyId: '360728-credit', reason: '失信', outcome: 'cleared' },
              { agencyId: '360728-safety', reason: '重大事故' },
            ] as Case['jointReview'],
          }),
        ],
      }),
    );
    expect(warnings.map((w) => [w.rule, w.colour])).toEqual([
      ['account_shared', 'red'],
      ['blacklisted', 'red'],
      ['account_recently_changed', 'yellow'],
      ['blacklisted', 'green'],
    ]);
    expect(warnings[0]).toMatchObject({ id: '1:account_shared', paymentId: '1', status: 'held' });
    expect(warnings[3]?.detail).toContain('已核实排除');
  });

  it('warns when one enterprise claims at two departments in one period, not in two periods', () => {
    const uscc = '91360728MA35T00009';
    const found = warningsOver(
      records({
        cases: [filedCase('c1', { uscc }), filedCase('c2', { uscc: '91360728MA35T00008', period: '2026' })],
        payments: [
          payment('1', { uscc }),
          payment('2', { uscc: '91360728MA35T00008', period: '2025' }),
          payment('3', { uscc: '91360728MA35T00007', status: 'failed' }),
        ],
      }),
    ).filter((w) => w.rule === 'multi_department');
    expect(found).toEqual([
      expect.objectContaining({
        id: `multi_department:${uscc}:2026`,
        colour: 'yellow',
        uscc,
        period: '2026',
      }),
    ]);
    expect(found[0]?.detail).toContain('360728-gxj、360728-wgxlj');
  });

  it('marks amounts three times the median or a third of it, only with five amounts or more', () => {
    const amounts = [10_000, 10_000, 10_000, 10_000, 30_000, 3_334, 29_999];
    const payments = amounts.map((amountFen, n) => payment(String(n + 1), { amountFen }));
    const unusual = warningsOver(records({ payments })).filter((w) => w.rule === 'unusual_amount');
    // Median 10,000: 30,000 is three times it; 3,334 is just above a third, 29,999 just below three times.
    expect(unusual.map((w) => w.amountFen)).toEqual([30_000]);
    const few = warningsOver(
      records({ payments: payments.slice(0, 4).concat(payment('9', { amountFen: 1 })) }),
    );
    expect(few.filter((w) => w.rule === 'unusual_amount').map((w) => w.amountFen)).toEqual([1]);
    const tooFew = warningsOver(records({ payments: payments.slice(2, 5) }));
    expect(tooFew.filter((w) => w.rule === 'unusual_amount')).toEqual([]);
  });

  it('filters by colour, rule, policy, department and enterprise', () => {
    const warnings = warningsOver(
      records({
        payments: [
          payment('1', { warnings: [{ rule: 'blacklisted', colour: 'red', detail: 'x' }] }),
          payment('2', {
            policyId: '360728-003',
            warnings: [{ rule: 'account_recently_changed', colour: 'yellow', detail: 'y' }],
          }),
        ],
      }),
    );
    expect(filtered(warnings, { colour: 'yellow' }).map((w) => w.paymentId)).toEqual(['2']);
    expect(filtered(warnings, { rule: 'blacklisted' }).map((w) => w.paymentId)).toEqual(['1']);
    expect(filtered(warnings, { policyId: '360728-003' }).map((w) => w.paymentId)).toEqual(['2']);
    expect(filtered(warnings, { departmentId: '360728-other' })).toEqual([]);
    expect(filtered(warnings, { uscc: payment('1').uscc }).map((w) => w.paymentId)).toEqual(['1']);
  });
});

describe('statistics', () => {
  const ports: StatsPorts = {
    catalog: {
      listPolicies: async () => ({
        items: [
          { id: '360728-002', name: '工业企业电价补贴', mode: 'auto' },
          { id: '360728-024', name: '旅游奖励', mode: 'review' },
          { id: '360728-030', name: '即申即享', mode: 'instant' },
          { id: '360728-031', name: '审批事项', mode: 'review' },
        ] as never,
        nextCursor: null,
      }),
      listDepartments: async () => [
        { id: '360728-gxj', name: '县工信局', divisionCode: '360728' },
        { id: '360728-wgxlj', name: '县文广新旅局', divisionCode: '360728' },
      ],
    },
    calendar: async () => workingCalendar(),
  };

  it('counts by department and policy, working days against each mode’s limit, steps on time, ratings, the 70% share', async () => {
    const late = filedCase('c1', { rating: { score: 2, at: '2026-11-20T00:00:00Z' } } as Partial<Case>);
    const rejected = filedCase('c2', {
      status: 'rejected',
      rating: { score: 4, at: '2026-11-20T00:00:00Z' },
    } as Partial<Case>);
    const stats = await statistics(
      ports,
      records({
        cases: [late, rejected, filedCase('c3', { status: 'in_review', requestedAmountFen: 7 })],
        payments: [
          // A whitelist push paid the next working day (Mon → Tue): 1, within auto's limit of 1.
          payment('1', { orderedAt: '2026-11-16T02:00:00Z', updatedAt: '2026-11-17T02:00:00Z' }),
          // Pushed Friday, paid Tuesday: 2 working days, over the limit.
          payment('2', {
            orderedAt: '2026-11-13T02:00:00Z',
            updatedAt: '2026-11-17T02:00:00Z',
            amountFen: 5_000,
          }),
          payment('3', { status: 'returned' }),
          // The review case filed Nov 2, paid Nov 20: 14 working days, within 60.
          payment('4', {
            source: 'case',
            caseId: 'c1',
            policyId: '360728-024',
            departmentId: '360728-wgxlj',
            amountFen: 300_000,
            updatedAt: '2026-11-20T02:00:00Z',
          }),
        ],
        tasks: [
          task('t1', {
            status: 'decided',
            decision: { outcome: 'approve', decidedBy: 'x', decidedAt: '2026-11-05T09:00:00Z' },
          }),
          // Decided at 01:00 Shanghai on the 6th: a day late.
          task('t2', {
            status: 'decided',
            decision: { outcome: 'approve', decidedBy: 'x', decidedAt: '2026-11-05T17:00:00Z' },
          }),
          task('t3', { dueDate: '2026-11-10' }),
          task('t4', { dueDate: '2099-01-01' }),
        ],
      }),
      new Date('2026-11-21T02:00:00Z'),
    );
    expect(stats.policies).toEqual({
      total: 4,
      byMode: { auto: 1, instant: 1, review: 2 },
      noApplicationOrInstantShare: 0.5,
      target: 0.7,
      meetsTarget: false,
    });
    const [slowest, fastest] = stats.departments;
    expect(slowest).toMatchObject({
      departmentId: '360728-wgxlj',
      departmentName: '县文广新旅局',
      cases: { filed: 3, paid: 1, rejected: 1, inProgress: 1, byMode: { review: 3 } },
      requestedFen: 7,
      payouts: { paid: 1, paidFen: 300_000, byMode: { review: 1 } },
      daysToPayment: { count: 1, average: 14, max: 14, onTime: 1, onTimeRate: 1 },
      steps: { initial_review: { decided: 2, onTime: 1, rate: 0.5, overdueOpen: 1 } },
      ratings: { count: 2, average: 3 },
    });
    expect(fastest).toMatchObject({
      departmentId: '360728-gxj',
      payouts: { paid: 2, paidFen: 15_000, returned: 1, byMode: { auto: 2 } },
      daysToPayment: { count: 2, average: 1.5, max: 2, onTime: 1, onTimeRate: 0.5 },
      policies: [
        expect.objectContaining({ policyId: '360728-002', policyName: '工业企业电价补贴', mode: 'auto' }),
      ],
    });
    expect(stats.totals.payouts).toMatchObject({ paid: 3, paidFen: 315_000, returned: 1 });
  });
});

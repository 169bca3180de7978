// Risk warnings (风险预警, three colours) over a period's cases and payments. The payer's own rules were judged when
// each order arrived and are kept on the payment (a red one held it); joint review's blacklist hits are kept on the
// case (green once the agency cleared them). Two rules look across records and are worked out here: the same
// enterprise claiming at several departments in one period, and an amount far from what the policy usually pays.
// Both are yellow: they ask someone to look, and hold nothing.
import type { Case } from '../cases/types.ts';
import { yuan } from '../money.ts';
import type { RiskWarningQuery } from '../oversight/queries.ts';
import type { Payment } from '../payments/payments.ts';
import { UNUSUAL_FACTOR, UNUSUAL_MIN_SAMPLES, type WarningColour, type WarningRule } from './rules.ts';

/** What a division did over a period: the cases filed and the payments that moved in it. */
export interface PeriodActivity {
  cases: Case[];
  payments: Payment[];
}

export interface RiskWarningItem {
  /** Stable: the same warning read again has the same id. */
  id: string;
  rule: WarningRule;
  colour: WarningColour;
  detail: string;
  uscc: string;
  policyId?: string;
  departmentId?: string;
  period?: string;
  paymentId?: string;
  caseId?: string;
  amountFen?: number;
  /** The payment's or case's status now: a held payment is waiting for the payer. */
  status?: string;
  at: string;
}

const COLOUR_ORDER: Record<WarningColour, number> = { red: 0, yellow: 1, green: 2 };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const ofPayment = (payment: Payment) => ({
  uscc: payment.uscc,
  policyId: payment.policyId,
  departmentId: payment.departmentId,
  period: payment.period,
  paymentId: payment.paymentId,
  ...(payment.caseId ? { caseId: payment.caseId } : {}),
  amountFen: payment.amountFen,
  status: payment.status,
  at: payment.receivedAt,
});

const ofCase = (record: Case) => ({
  uscc: record.uscc,
  policyId: record.policyId,
  departmentId: record.departmentId,
  period: record.period,
  caseId: record.id,
  ...((record.approvedAmountFen ?? record.requestedAmountFen)
    ? { amountFen: record.approvedAmountFen ?? record.requestedAmountFen }
    : {}),
  status: record.status,
  at: record.createdAt,
});

/** Every warning of the period, worst first, then newest. */
export function warningsOver(records: PeriodActivity): RiskWarningItem[] {
  const warnings: RiskWarningItem[] = [];
  for (const payment of records.payments) {
    for (const warning of payment.warnings) {
      warnings.push({
        id: `${payment.paymentId}:${warning.rule}`,
        rule: warning.rule,
        colour: warning.colour,
        detail: warning.detail,
        ...ofPayment(payment),
      });
    }
  }
  for (const record of records.cases) {
    for (const hit of record.jointReview ?? []) {
      warnings.push({
        id: `${record.id}:blacklisted:${hit.agencyId}`,
        rule: 'blacklisted',
        // Cleared by the agency: shown green, so the trail of what was checked stays visible.
        colour: hit.outcome === 'cleared' ? 'green' : 'red',
        detail: `${hit.agencyId}：${hit.reason}${hit.outcome === 'cleared' ? '（联审部门已核实排除）' : hit.outcome === 'upheld' ? '（联审部门维持）' : '（待联审部门核实）'}`,
        ...ofCase(record),
      });
    }
  }
  warnings.push(...severalDepartments(records), ...unusualAmounts(records));
  return warnings.sort(
    (a, b) =>
      COLOUR_ORDER[a.colour] - COLOUR_ORDER[b.colour] || b.at.localeCompare(a.at) || a.id.localeCompare(b.id),
  );
}

/** One enterprise claiming at two or more departments for the same period (同一主体多部门申报). */
function severalDepartments(records: PeriodActivity): RiskWarningItem[] {
  const claims = new Map<
    string,
    { uscc: string; period: string; departments: Set<string>; policies: Set<string>; at: string }
  >();
  const add = (uscc: string, period: string, departmentId: string, policyId: string, at: string) => {
    const key = `${uscc}#${period}`;
    const claim = claims.get(key) ?? { uscc, period, departments: new Set(), policies: new Set(), at };
    claim.departments.add(departmentId);
    claim.policies.add(policyId);
    if (at > claim.at) claim.at = at;
    claims.set(key, claim);
  };
  for (const record of records.cases)
    add(record.uscc, record.period, record.departmentId, record.policyId, record.createdAt);
  for (const payment of records.payments) {
    if (payment.source === 'whitelist' && payment.status !== 'failed')
      add(payment.uscc, payment.period, payment.departmentId, payment.policyId, payment.receivedAt);
  }
  return [...claims.values()]
    .filter((claim) => claim.departments.size > 1)
    .map((claim) => ({
      id: `multi_department:${claim.uscc}:${claim.period}`,
      rule: 'multi_department' as const,
      colour: 'yellow' as const,
      detail: `同一企业在 ${claim.period} 期间向 ${claim.departments.size} 个部门申报：${[...claim.departments].sort().join('、')}（事项 ${[...claim.policies].sort().join('、')}）`,
      uscc: claim.uscc,
      period: claim.period,
      at: claim.at,
    }));
}

/** An amount far from the policy's usual ones: at least UNUSUAL_FACTOR times its median, or that many times less. */
function unusualAmounts(records: PeriodActivity): RiskWarningItem[] {
  const paidCases = new Set(records.payments.flatMap((payment) => (payment.caseId ? [payment.caseId] : [])));
  const byPolicy = new Map<string, ReturnType<typeof ofPayment | typeof ofCase>[]>();
  const add = (item: ReturnType<typeof ofPayment | typeof ofCase>) => {
    if (!item.amountFen) return;
    const items = byPolicy.get(item.policyId) ?? [];
    items.push(item);
    byPolicy.set(item.policyId, items);
  };
  for (const payment of records.payments) if (payment.status !== 'failed') add(ofPayment(payment));
  // A case not yet paid counts by its approved (or requested) amount; a paid one is already counted by its payment.
  for (const record of records.cases) if (!paidCases.has(record.id)) add(ofCase(record));
  const found: RiskWarningItem[] = [];
  for (const [policyId, items] of byPolicy) {
    if (items.length < UNUSUAL_MIN_SAMPLES) continue;
    const usual = median(items.map((item) => item.amountFen ?? 0));
    for (const item of items) {
      const amount = item.amountFen ?? 0;
      if (amount < usual * UNUSUAL_FACTOR && amount * UNUSUAL_FACTOR > usual) continue;
      found.push({
        id: `unusual_amount:${'paymentId' in item ? item.paymentId : item.caseId}`,
        rule: 'unusual_amount',
        colour: 'yellow',
        detail: `金额 ${yuan(amount)} 元，该事项本期通常金额（中位数）${yuan(usual)} 元（${items.length} 笔）`,
        ...item,
        policyId,
      });
    }
  }
  return found;
}

/** The filters of GET /risk-warnings, applied to the period's warnings. */
export function filtered(warnings: RiskWarningItem[], query: RiskWarningQuery): RiskWarningItem[] {
  return warnings.filter(
    (warning) =>
      (!query.colour || warning.colour === query.colour) &&
      (!query.rule || warning.rule === query.rule) &&
      (!query.policyId || warning.policyId === query.policyId) &&
      (!query.departmentId || warning.departmentId === query.departmentId) &&
      (!query.uscc || warning.uscc === query.uscc),
  );
}

// The platform's business metrics, each named once: what it counts, its unit, and which functions emit it.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Decision } from './cases/types.ts';
import { DISCREPANCY_TYPES } from './reconciliations/reconciliation.ts';

/** The CloudWatch namespace of every business metric; functions are given it as POWERTOOLS_METRICS_NAMESPACE. */
export const METRICS_NAMESPACE = 'Huiqi';

type MetricUnitName = (typeof MetricUnit)[keyof typeof MetricUnit];

export interface BusinessMetric {
  name: string;
  unit: MetricUnitName;
  /**
   * The function folders (functions/<folder>) whose runs emit it. Powertools files every metric under the emitting
   * function's `service` dimension (huiqi-<folder>), so alarms and the dashboard read the metric per emitter and add
   * them up: a function that starts emitting one of these must be listed here, or nobody sees its counts.
   */
  emittedBy: readonly string[];
  /**
   * The one dimension it is split by (beside `service`), with every value it takes. Each count carries exactly that
   * dimension (a `metrics.singleMetric()` with `addDimension`), since CloudWatch files it by its set of dimensions.
   */
  dimension?: { name: string; values: readonly string[] };
}

/** Every outcome a reviewer's decision may take: as a Record, a new outcome fails the compile until it is listed. */
const decisionOutcomes: Record<Decision['outcome'], true> = { approve: true, reject: true, return: true };

export const BUSINESS_METRICS = {
  /** Payments the bank confirmed and the ledger posted (status `paid`), one per payment. */
  PaymentsPaid: { name: 'PaymentsPaid', unit: MetricUnit.Count, emittedBy: ['payout'] },
  /** The amount those payments moved out of their pools, in integer fen as the ledger keeps it. */
  PaymentsPaidFen: { name: 'PaymentsPaidFen', unit: MetricUnit.Count, emittedBy: ['payout'] },
  /** Payments screening held for the payer's decision (a risk rule or a joint-review hit), one per payment. */
  PaymentsHeld: { name: 'PaymentsHeld', unit: MetricUnit.Count, emittedBy: ['payout'] },
  /** Payments that ended `failed`: the bank refused the instruction or it could not be made. */
  PaymentsFailed: { name: 'PaymentsFailed', unit: MetricUnit.Count, emittedBy: ['payout'] },
  /**
   * Payments the bank sent back (退汇): before settlement, voided by the payer; after it, reversed by the payout
   * sweep from the bank's return notices.
   */
  PaymentsReturned: {
    name: 'PaymentsReturned',
    unit: MetricUnit.Count,
    emittedBy: ['payout', 'payout-sweep'],
  },
  /** Lines of a pushed whitelist the fund pool refused (bad entry, duplicate, over budget), one per line. */
  WhitelistLinesRefused: { name: 'WhitelistLinesRefused', unit: MetricUnit.Count, emittedBy: ['fund-pool'] },
  /** Decisions departments and agencies recorded on review tasks, one per decision, by `outcome`. */
  Decisions: {
    name: 'Decisions',
    unit: MetricUnit.Count,
    emittedBy: ['review'],
    dimension: { name: 'outcome', values: Object.keys(decisionOutcomes) },
  },
  /** Review tasks the SLA sweep coloured red because their working-day deadline passed, one per task. */
  TasksTurnedRed: { name: 'TasksTurnedRed', unit: MetricUnit.Count, emittedBy: ['sla-sweep'] },
  /** Discrepancies a reconciliation found between the ledger and the bank or within a pool, by `type`. */
  Discrepancies: {
    name: 'Discrepancies',
    unit: MetricUnit.Count,
    emittedBy: ['reconcile'],
    dimension: { name: 'type', values: DISCREPANCY_TYPES },
  },
  /**
   * Cases whose approval chain is at work without a live execution, as found by each stuck-case watch run (0
   * included): a gauge, so its Maximum over a period is how many cases were stuck then.
   */
  StuckCases: { name: 'StuckCases', unit: MetricUnit.Count, emittedBy: ['chain-watch'] },
} as const satisfies Record<string, BusinessMetric>;

export type BusinessMetricKey = keyof typeof BUSINESS_METRICS;

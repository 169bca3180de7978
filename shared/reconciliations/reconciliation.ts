// Reconciliation (对账): the ledger against the bank's statement, payment by payment, and every pool against its own
// balance rule. What does not match is a typed discrepancy with its evidence, which finance resolves with a note.
import * as z from 'zod';
import type { StatementLine } from '../bank/statement.ts';
import { isoDate } from '../dates.ts';
import { plainText } from '../validation.ts';

export const DISCREPANCY_TYPES = [
  'missing_at_bank',
  'extra_at_bank',
  'amount_mismatch',
  'duplicate',
  'returned_not_voided',
  'pool_imbalance',
] as const;
export type DiscrepancyType = (typeof DISCREPANCY_TYPES)[number];

export { DISCREPANCY_NAMES } from './discrepancy-names.ts';

/** What the ledger says of a payment: its settlement (post or void) and the payee it was ordered for. */
export interface LedgerEvidence {
  transferId: string;
  flag: 'post_pending' | 'void_pending';
  amountFen: number;
  at: string;
  accountNo?: string;
}

export interface Discrepancy {
  /** 1-based, in the order found; resolutions name it. */
  seq: number;
  type: DiscrepancyType;
  paymentId?: string;
  /** The pool, for a pool imbalance. */
  accountId?: string;
  /** What differs, in Chinese, with the figures. */
  detail: string;
  ledger?: LedgerEvidence;
  bank?: StatementLine[];
  resolution?: { note: string; by: string; at: string };
}

export type ReconciliationStatus = 'running' | 'done' | 'failed';

export interface Reconciliation {
  id: string;
  divisionCode: string;
  from: string;
  to: string;
  status: ReconciliationStatus;
  requestedBy: string;
  requestedAt: string;
  finishedAt?: string;
  /**
   * Payments looked at and statement lines read, so a clean report says how much was checked; `returned` counts the
   * payments the bank returned and the ledger undid, which match and are not discrepancies.
   */
  checked?: { payments: number; statementLines: number; pools: number; returned: number };
  reason?: string;
  discrepancies: Discrepancy[];
}

/** The longest period one request may cover: a quarter, which the nightly run's key-range reads handle in minutes. */
export const MAX_PERIOD_DAYS = 92;

export const reconciliationBody = z
  .object({ from: isoDate, to: isoDate })
  .strict()
  .refine((period) => period.from <= period.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((period) => daysBetween(period.from, period.to) < MAX_PERIOD_DAYS, {
    message: `对账期间最长 ${MAX_PERIOD_DAYS} 天`,
    path: ['to'],
  });

export const resolutionBody = z
  .object({ note: plainText(z.string().trim().min(2, '请填写处理说明').max(500), { multiline: true }) })
  .strict();

export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Every date from `from` to `to`, inclusive (YYYY-MM-DD). */
export function datesOf(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000)
    dates.push(new Date(at).toISOString().slice(0, 10));
  return dates;
}

export const shiftDate = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** What the reconcile queue carries: a recorded request to run. */
export const reconcileRequest = z.object({
  id: z.string().min(1),
  divisionCode: z.string().regex(/^\d{6}$/),
  from: isoDate,
  to: isoDate,
});

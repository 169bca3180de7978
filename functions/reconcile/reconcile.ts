// Reconciliation of one division for a period. Reads go by key ranges only — the ledger's payout transfers by day
// (posts, voids, return reversals), the bank's statement file by day, the division's pools by their group, payment records by id — never a table scan.
// A payment posted just before midnight may reach the bank just after, so each side is read one day wider than
// the period and a payment is judged when either side falls inside it.

import type { Bank } from '../../shared/bank/bank.ts';
import { parseStatementFile, type StatementLine } from '../../shared/bank/statement.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import { divisionOfPolicy } from '../../shared/division.ts';
import {
  type Account,
  accountIds,
  accountParts,
  type Ledger,
  poolBalance,
  type Transfer,
} from '../../shared/ledger/index.ts';
import { yuan } from '../../shared/money.ts';
import type { PaymentStore } from '../../shared/payments/payments.ts';
import {
  type Discrepancy,
  datesOf,
  type LedgerEvidence,
  shiftDate,
} from '../../shared/reconciliations/reconciliation.ts';
import type { ReconciliationStore } from '../../shared/reconciliations/repository.ts';

export interface Payee {
  policyId: string;
  accountNo: string;
}

export interface ReconcileInput {
  divisionCode: string;
  from: string;
  to: string;
  /** Payout posts, voids and return reversals from the day before `from` to the day after `to`. */
  transfers: Transfer[];
  /** Statement lines over the same widened days. */
  lines: StatementLine[];
  /** The payment records of every payment id above, for the account each was ordered to and its division. */
  payees: Map<string, Payee>;
  /** The division's pools: its payments are those whose transfers debit one of them or its clearing account. */
  pools: Account[];
}

const dayOf = (at: string) => shanghaiDate(new Date(at));

/**
 * The discrepancies of a period, in a stable order (by payment id, then pools); `seq` is given by the caller. Also
 * how many payments the bank returned and the ledger undid, which match and are no discrepancy, but finance counts.
 */
export function findDiscrepancies(input: ReconcileInput): {
  found: Omit<Discrepancy, 'seq'>[];
  returned: number;
} {
  const inPeriod = (at: string) => dayOf(at) >= input.from && dayOf(at) <= input.to;
  const settled = new Map<string, Transfer[]>();
  for (const transfer of input.transfers) {
    settled.set(transfer.ref, [...(settled.get(transfer.ref) ?? []), transfer]);
  }
  const atBank = new Map<string, StatementLine[]>();
  for (const line of input.lines) atBank.set(line.paymentId, [...(atBank.get(line.paymentId) ?? []), line]);

  // A payment's transfers debit its pool (post, void) or its division's clearing account (a return's reversal).
  const ownAccounts = new Set([...input.pools.map((pool) => pool.id), accountIds.bank(input.divisionCode)]);
  const found: Omit<Discrepancy, 'seq'>[] = [];
  let returned = 0;
  const paymentIds = [...new Set([...settled.keys(), ...atBank.keys()])].sort();
  for (const paymentId of paymentIds) {
    const transfers = settled.get(paymentId) ?? [];
    const lines = atBank.get(paymentId) ?? [];
    if (![...transfers.map((t) => t.at), ...lines.map((l) => l.at)].some(inPeriod)) continue;
    const payee = input.payees.get(paymentId);
    // Another division's payment is not this run's; a line nothing on the platform knows of is every division's.
    const ours = transfers[0]
      ? ownAccounts.has(transfers[0].debitAccountId)
      : payee === undefined || divisionOfPolicy(payee.policyId) === input.divisionCode;
    if (!ours) continue;

    const post = transfers.find((t) => t.flag === 'post_pending');
    const voided = transfers.find((t) => t.flag === 'void_pending');
    // A return after settlement (退汇) is undone by a reversal, not a void.
    const reversed = transfers.find((t) => t.code === 'payout_return');
    const resolution = post ?? voided;
    const ledger: LedgerEvidence | undefined = resolution && {
      transferId: resolution.id,
      flag: resolution.flag as LedgerEvidence['flag'],
      amountFen: resolution.amountFen,
      at: resolution.at,
      ...(payee ? { accountNo: payee.accountNo } : {}),
    };
    const evidence = { paymentId, ...(ledger ? { ledger } : {}), ...(lines.length ? { bank: lines } : {}) };
    const paidLines = lines.filter((line) => line.outcome === 'settled');
    const returnedLines = lines.filter((line) => line.outcome === 'returned');

    if (paidLines.length > 1) {
      found.push({
        type: 'duplicate',
        ...evidence,
        detail: `银行对同一支付单付款 ${paidLines.length} 次，合计 ${yuan(paidLines.reduce((sum, line) => sum + line.amountFen, 0))} 元`,
      });
      continue;
    }
    if (post) {
      if (lines.length === 0) {
        found.push({
          type: 'missing_at_bank',
          ...evidence,
          detail: `台账已付 ${yuan(post.amountFen)} 元，银行对账单无此笔`,
        });
      } else if (reversed) {
        if (returnedLines.length > 0 && reversed.amountFen === post.amountFen) returned++;
        else
          found.push({
            type: 'missing_at_bank',
            ...evidence,
            detail: `台账已记退汇冲回 ${yuan(reversed.amountFen)} 元，银行对账单无相符的退回`,
          });
      } else if (returnedLines.length > 0) {
        found.push({
          type: 'returned_not_voided',
          ...evidence,
          detail: `银行已退回（${returnedLines[0]?.reason ?? '未说明原因'}），台账仍记已付 ${yuan(post.amountFen)} 元`,
        });
      } else {
        const line = paidLines[0] as StatementLine;
        const wrong = [
          ...(line.amountFen !== post.amountFen
            ? [`金额：台账 ${yuan(post.amountFen)} 元，银行 ${yuan(line.amountFen)} 元`]
            : []),
          ...(payee && line.accountNo !== payee.accountNo
            ? [`账户：应付 ${payee.accountNo}，银行付至 ${line.accountNo}`]
            : []),
        ];
        if (wrong.length > 0) found.push({ type: 'amount_mismatch', ...evidence, detail: wrong.join('；') });
      }
      continue;
    }
    // Voided or never settled in the ledger: the bank may have returned it, but must not have paid it.
    if (paidLines.length > 0) {
      found.push({
        type: 'extra_at_bank',
        ...evidence,
        detail: voided
          ? `台账已撤销预留，银行却付出 ${yuan(paidLines[0]?.amountFen ?? 0)} 元`
          : `银行付出 ${yuan(paidLines[0]?.amountFen ?? 0)} 元，台账无对应兑付`,
      });
    } else if (!voided && !payee) {
      found.push({ type: 'extra_at_bank', ...evidence, detail: '银行对账单有此笔退回，台账无对应兑付' });
    } else if (voided && returnedLines.length > 0) {
      returned++;
    }
  }

  for (const pool of [...input.pools].sort((a, b) => a.id.localeCompare(b.id))) {
    const balance = poolBalance(pool);
    const problems = [
      ...(balance.fundedFen !== balance.availableFen + balance.reservedFen + balance.paidFen
        ? [
            `拨付 ${yuan(balance.fundedFen)} 元 ≠ 可用 ${yuan(balance.availableFen)} + 预留 ${yuan(balance.reservedFen)} + 已付 ${yuan(balance.paidFen)} 元`,
          ]
        : []),
      ...(pool.available !== pool.creditsPosted - pool.debitsPosted - pool.debitsPending
        ? [`可用余额 ${yuan(pool.available)} 元与借贷发生额不符`]
        : []),
      ...(pool.available < 0 ? [`可用余额为负：${yuan(pool.available)} 元`] : []),
    ];
    if (problems.length > 0)
      found.push({ type: 'pool_imbalance', accountId: pool.id, detail: problems.join('；') });
  }
  return { found, returned };
}

export interface ReconcileSources {
  /** The ledger's payout posts, voids and return reversals made on a day (Asia/Shanghai). */
  payoutsOn(date: string): Promise<Transfer[]>;
  statementFile(date: string): Promise<string>;
  payees(paymentIds: string[]): Promise<Map<string, Payee>>;
  poolsOf(divisionCode: string): Promise<Account[]>;
}

/** Gathers one division's evidence for a period, a day at a time, and judges it. */
export async function reconcilePeriod(
  sources: ReconcileSources,
  period: { divisionCode: string; from: string; to: string },
) {
  const days = datesOf(shiftDate(period.from, -1), shiftDate(period.to, 1));
  const [transfers, lines, pools] = await Promise.all([
    Promise.all(days.map((day) => sources.payoutsOn(day))).then((all) => all.flat()),
    Promise.all(days.map(async (day) => parseStatementFile(await sources.statementFile(day)))).then((all) =>
      all.flat(),
    ),
    sources.poolsOf(period.divisionCode),
  ]);
  const payees = await sources.payees([
    ...new Set([...transfers.map((t) => t.ref), ...lines.map((l) => l.paymentId)]),
  ]);
  const { found, returned } = findDiscrepancies({ ...period, transfers, lines, payees, pools });
  return {
    discrepancies: found.map((discrepancy, index) => ({ seq: index + 1, ...discrepancy })),
    checked: { payments: payees.size, statementLines: lines.length, pools: pools.length, returned },
  };
}

/** Payment records are read in slices, each slice's reads going out together. */
const PAYEE_SLICE = 1000;

/** The sources over the ledger, the bank's statement files and the payer's records. */
export function reconcileSources(ports: {
  ledger: Ledger;
  bank: Pick<Bank, 'statementFile'>;
  payments: Pick<PaymentStore, 'get'>;
}): ReconcileSources & { divisions(): Promise<string[]> } {
  return {
    payoutsOn: (date) => ports.ledger.payoutsOn(date),
    statementFile: (date) => ports.bank.statementFile(date),
    async payees(paymentIds) {
      const payees = new Map<string, Payee>();
      for (let start = 0; start < paymentIds.length; start += PAYEE_SLICE) {
        const slice = paymentIds.slice(start, start + PAYEE_SLICE);
        for (const payment of await Promise.all(slice.map((id) => ports.payments.get(id))))
          if (payment)
            payees.set(payment.paymentId, {
              policyId: payment.policyId,
              accountNo: payment.bankAccount.accountNo,
            });
      }
      return payees;
    },
    async poolsOf(divisionCode) {
      return (await ports.ledger.listPools()).filter(
        (pool) => accountParts(pool).divisionCode === divisionCode,
      );
    },
    async divisions() {
      const pools = await ports.ledger.listPools();
      return [...new Set(pools.map((pool) => accountParts(pool).divisionCode ?? ''))].filter(Boolean).sort();
    },
  };
}

export interface ReconcilePorts extends ReconcileSources {
  store: ReconciliationStore;
  now(): Date;
  /** Told of each finished run's discrepancies: the operators' metrics count them by type. */
  found?(discrepancies: readonly { type: string }[]): void;
}

/** Runs a recorded request to its end; a failure is recorded on it (and thrown, so the queue retries it). */
export async function runReconciliation(
  ports: ReconcilePorts,
  request: { id: string; divisionCode: string; from: string; to: string },
): Promise<void> {
  try {
    const result = await reconcilePeriod(ports, request);
    await ports.store.finish(request.id, { ...result, at: ports.now().toISOString() });
    ports.found?.(result.discrepancies);
  } catch (error) {
    await ports.store.fail(request.id, '对账未能完成，系统将自动重试', ports.now().toISOString());
    throw error;
  }
}

/** The nightly run: yesterday (Asia/Shanghai), for every division that has a pool; once per division and day. */
export async function reconcileNightly(
  ports: ReconcilePorts & { divisions(): Promise<string[]> },
  time: Date,
) {
  const day = shiftDate(shanghaiDate(time), -1);
  const done: string[] = [];
  for (const divisionCode of await ports.divisions()) {
    const request = { id: nightlyId(divisionCode, day), divisionCode, from: day, to: day };
    const started = await ports.store.start({
      ...request,
      status: 'running',
      requestedBy: 'schedule:nightly',
      requestedAt: time.toISOString(),
    });
    if (!started && (await ports.store.get(request.id))?.status === 'done') continue;
    await runReconciliation(ports, request);
    done.push(request.id);
  }
  return done;
}

/** Ids start with the division's code: who may read a reconciliation follows from its id alone. */
export const nightlyId = (divisionCode: string, day: string) => `${divisionCode}-nightly-${day}`;

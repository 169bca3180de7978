// What the finance routes answer: reconciliations with their discrepancies, and the settlement of a year's pools with
// its statement.
import * as z from 'zod';
import { DISCREPANCY_TYPES } from '../../reconciliations/reconciliation.ts';
import { actorName, calendarDate, count, fenAmount, instant } from './common.ts';

/** The answer to a reconciliation request: the id to read its report under once it has run. */
const reconciliationRequest = z.object({ id: z.string() });

/** What the ledger says of a payment: its settlement (post or void) and the account it was ordered for. */
const ledgerEvidence = z.object({
  transferId: z.string(),
  flag: z.enum(['post_pending', 'void_pending']).describe('post_pending：已付出；void_pending：已冲销'),
  amountFen: fenAmount,
  at: instant,
  accountNo: z.string().optional(),
});

/** A line of the bank's daily statement (对账单). */
const statementLine = z.object({
  paymentId: z.string().describe('业务流水号（兑付指令号）'),
  accountNo: z.string(),
  accountName: z.string(),
  amountFen: fenAmount,
  outcome: z.enum(['settled', 'returned']).describe('settled：已付出；returned：被退回'),
  reason: z.string().optional(),
  at: z.string(),
});

/** How finance resolved a discrepancy, recorded in the audit trail. */
const resolution = z.object({
  note: z.string(),
  by: actorName,
  at: instant,
});

/** A difference between the ledger and the bank, or a pool that does not balance, with its evidence. */
const discrepancy = z.object({
  seq: z.number().int().positive().describe('差异序号，从 1 起'),
  type: z.enum(DISCREPANCY_TYPES),
  paymentId: z.string().optional(),
  accountId: z.string().optional().describe('资金池不平时的资金池账户'),
  detail: z.string().describe('差异说明（中文，含金额）'),
  ledger: ledgerEvidence.optional(),
  bank: z.array(statementLine).optional(),
  resolution: resolution.optional(),
});

/** A reconciliation (对账) of a period: its state, how much it checked, and every discrepancy found. */
const reconciliation = z.object({
  id: z.string(),
  divisionCode: z.string(),
  from: calendarDate,
  to: calendarDate,
  status: z.enum(['running', 'done', 'failed']),
  requestedBy: actorName,
  requestedAt: instant,
  finishedAt: instant.optional(),
  checked: z
    .object({
      payments: count,
      statementLines: count,
      pools: count,
      returned: count.describe('银行退回且台账已冲销的笔数（相符，不算差异）'),
    })
    .optional(),
  reason: z.string().optional().describe('对账失败的原因'),
  discrepancies: z.array(discrepancy),
});

/** A division's latest reconciliations, newest first: each without its discrepancies, with how many it found. */
const reconciliationList = z.object({
  items: z.array(
    reconciliation.omit({ discrepancies: true }).extend({
      discrepancyCount: count.optional().describe('发现的差异笔数；对账完成后才有'),
    }),
  ),
});

/** One pool on the settlement statement. */
const statementPool = z.object({
  policyId: z.string(),
  policyName: z.string(),
  status: z.enum(['settled', 'open']),
  settledAt: instant.optional(),
  allocatedFen: fenAmount.describe('预拨金额：拨付减去清算前收回'),
  paidFen: fenAmount.describe('据实兑付金额'),
  reservedFen: fenAmount.describe('在途兑付冻结金额；为 0 方可清算'),
  returnedFen: fenAmount.describe('清算时退回财政的金额'),
  availableFen: fenAmount,
});

/** Sums of the statement's amounts, for a department or the whole division. */
const statementTotals = statementPool.pick({
  allocatedFen: true,
  paidFen: true,
  reservedFen: true,
  returnedFen: true,
  availableFen: true,
});

/** A department's pools on the statement, with their subtotal. */
const departmentStatement = z.object({
  departmentId: z.string(),
  departmentName: z.string(),
  pools: z.array(statementPool),
  totals: statementTotals,
});

/** The year's settlement statement (清算表) of a division: pre-allocated, paid by actuals, given back. */
const settlementStatement = z.object({
  divisionCode: z.string(),
  year: z.number().int(),
  departments: z.array(departmentStatement),
  totals: statementTotals,
  settledPools: count,
  openPools: count,
  returnedAfterSettlementFen: fenAmount.describe('清算后银行退汇、已退回财政的金额'),
});

/** The settlement of one pool (据实清算); settling a settled pool again answers with that settlement. */
const settlement = z.object({
  policyId: z.string(),
  year: z.number().int(),
  transferId: z.string(),
  returnedFen: fenAmount.describe('退回财政的结余'),
  settledAt: instant,
  repeated: z.boolean().describe('true：该资金池此前已清算，本次未再记账'),
  pool: statementPool,
});

export {
  departmentStatement,
  discrepancy,
  ledgerEvidence,
  reconciliation,
  reconciliationList,
  reconciliationRequest,
  resolution,
  settlement,
  settlementStatement,
  statementLine,
  statementPool,
  statementTotals,
};

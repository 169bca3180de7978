// Settlement by actuals (预拨兑付、据实清算): at year end finance closes each pool. What is left goes back to the
// appropriation in the same transaction that closes the pool, so funded becomes exactly what was paid, and nothing
// moves through the pool afterwards. The statement shows each department's pools: pre-allocated, paid, given back.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import { csvText } from '../../shared/csv.ts';
import { thisYear } from '../../shared/dates.ts';
import { conflict, notFound, unprocessable } from '../../shared/errors.ts';
import {
  type Account,
  accountIds,
  accountParts,
  type Ledger,
  LedgerError,
  poolBalance,
} from '../../shared/ledger/index.ts';
import { yuan } from '../../shared/money.ts';
import { divisionOf, type Principal, requireJurisdiction } from '../../shared/principal.ts';
import type { SettlementBody } from '../../shared/settlements/requests.ts';

export interface SettlementPorts {
  ledger: Ledger;
  catalog: Pick<CatalogRepository, 'getPolicy'>;
  now(): Date;
}

/** One pool on the statement, in fen. */
export interface StatementPool {
  policyId: string;
  policyName: string;
  status: 'settled' | 'open';
  settledAt?: string;
  /** Pre-allocated (预拨): allocations less what finance took back before settlement. */
  allocatedFen: number;
  paidFen: number;
  /** Reserved for payments still under way; a pool is settled only once this is 0. */
  reservedFen: number;
  /** Given back to the appropriation at settlement (清算退回). */
  returnedFen: number;
  availableFen: number;
}

type Totals = Pick<
  StatementPool,
  'allocatedFen' | 'paidFen' | 'reservedFen' | 'returnedFen' | 'availableFen'
>;

export interface DepartmentStatement {
  departmentId: string;
  departmentName: string;
  pools: StatementPool[];
  totals: Totals;
}

export interface SettlementStatement {
  divisionCode: string;
  year: number;
  departments: DepartmentStatement[];
  totals: Totals;
  settledPools: number;
  openPools: number;
  /**
   * Paid from the year's pools, returned by the bank after the pool was settled (退汇), and so credited back to the
   * appropriation: the pools' paid figures still count these, finance's account has them back.
   */
  returnedAfterSettlementFen: number;
}

export interface SettlementResult {
  policyId: string;
  year: number;
  transferId: string;
  returnedFen: number;
  settledAt: string;
  /** True when the pool had been settled already: this is that settlement, nothing moved now. */
  repeated: boolean;
  pool: StatementPool;
}

function statementPool(account: Account, policyName: string): StatementPool {
  const balance = poolBalance(account);
  const returnedFen = account.debited_settlement ?? 0;
  return {
    policyId: accountParts(account).policyId ?? '',
    policyName,
    status: account.closedAt ? 'settled' : 'open',
    ...(account.closedAt ? { settledAt: account.closedAt } : {}),
    allocatedFen: balance.fundedFen + returnedFen,
    paidFen: balance.paidFen,
    reservedFen: balance.reservedFen,
    returnedFen,
    availableFen: balance.availableFen,
  };
}

export async function settlePool(
  ports: SettlementPorts,
  principal: Principal,
  body: SettlementBody,
): Promise<SettlementResult> {
  const policy = await ports.catalog.getPolicy(body.policyId);
  if (!policy) throw notFound('政策事项');
  requireJurisdiction(principal, policy.divisionCode);
  // Closing is for good: a pool closed while its year runs would fail every order still to come for that year.
  if (body.year >= thisYear(ports.now())) {
    throw unprocessable('YEAR_NOT_ENDED', '该年度尚未结束，年度结束后再据实清算', { year: body.year });
  }
  const poolId = accountIds.pool(policy.id, body.year);
  try {
    const { status, transfer } = await ports.ledger.close({
      id: `settlement:${policy.id}:${body.year}`,
      debitAccountId: poolId,
      creditAccountId: accountIds.appropriation(policy.divisionCode, body.year),
      ref: `${policy.id}:${body.year}`,
      at: ports.now().toISOString(),
      by: `${principal.role}:${principal.subject}`,
    });
    const account = await ports.ledger.getAccount(poolId);
    if (!account) throw notFound('资金池');
    return {
      policyId: policy.id,
      year: body.year,
      transferId: transfer.id,
      returnedFen: transfer.amountFen,
      settledAt: transfer.at,
      repeated: status === 'exists',
      pool: statementPool(account, policy.name),
    };
  } catch (error) {
    // Payments kept moving through the pool for every attempt: nothing was written, the caller may try again.
    if (error instanceof TransactionCanceledException) {
      throw conflict('SETTLEMENT_CONTENDED', '资金池正在变动，请稍后重试清算', { policyId: policy.id });
    }
    if (!(error instanceof LedgerError)) throw error;
    if (error.code === 'ACCOUNT_NOT_FOUND') throw notFound('该年度的资金池');
    if (error.code === 'RESERVATIONS_OPEN') {
      throw conflict('POOL_HAS_RESERVATIONS', '资金池尚有在途兑付（已冻结未结清），结清后再清算', {
        policyId: policy.id,
        year: body.year,
      });
    }
    if (error.code === 'ACCOUNT_CLOSED') {
      throw conflict('POOL_SETTLED', '该资金池已据实清算关闭', { policyId: policy.id, year: body.year });
    }
    throw error;
  }
}

const zero = (): Totals => ({ allocatedFen: 0, paidFen: 0, reservedFen: 0, returnedFen: 0, availableFen: 0 });
const addTo = (totals: Totals, pool: Totals) => {
  for (const key of Object.keys(totals) as (keyof Totals)[]) totals[key] += pool[key];
};

/** Every pool of the caller's division for the year, by department, settled or not. */
export async function settlementStatement(
  ports: SettlementPorts,
  principal: Principal,
  statementYear: number,
): Promise<SettlementStatement> {
  const divisionCode = divisionOf(principal);
  const [accounts, appropriation] = await Promise.all([
    ports.ledger.listAccounts(accountIds.poolsOf(divisionCode, statementYear)),
    ports.ledger.getAccount(accountIds.appropriation(divisionCode, statementYear)),
  ]);
  const departments = new Map<string, DepartmentStatement>();
  const totals = zero();
  for (const account of accounts.sort((a, b) => a.id.localeCompare(b.id))) {
    const policy = await ports.catalog.getPolicy(accountParts(account).policyId ?? '');
    const department = departments.get(policy?.departmentId ?? '') ?? {
      departmentId: policy?.departmentId ?? '',
      departmentName: policy?.departmentName ?? '（未知部门）',
      pools: [],
      totals: zero(),
    };
    const pool = statementPool(account, policy?.name ?? account.id);
    department.pools.push(pool);
    addTo(department.totals, pool);
    addTo(totals, pool);
    departments.set(department.departmentId, department);
  }
  const pools = [...departments.values()].flatMap((department) => department.pools);
  return {
    divisionCode,
    year: statementYear,
    departments: [...departments.values()].sort((a, b) => a.departmentId.localeCompare(b.departmentId)),
    totals,
    settledPools: pools.filter((pool) => pool.status === 'settled').length,
    openPools: pools.filter((pool) => pool.status === 'open').length,
    returnedAfterSettlementFen: appropriation?.credited_payout_return ?? 0,
  };
}

/** The statement as finance files it: one row per pool, a subtotal per department, amounts in yuan. */
export function statementCsv(statement: SettlementStatement): string {
  const amounts = (totals: Totals) => [
    yuan(totals.allocatedFen),
    yuan(totals.paidFen),
    yuan(totals.reservedFen),
    yuan(totals.returnedFen),
    yuan(totals.availableFen),
  ];
  return csvText([
    [
      '部门',
      '政策事项编号',
      '政策事项',
      '状态',
      '预拨金额（元）',
      '据实兑付（元）',
      '在途冻结（元）',
      '清算退回（元）',
      '可用余额（元）',
      '清算时间',
    ],
    ...statement.departments.flatMap((department) => [
      ...department.pools.map((pool) => [
        department.departmentName,
        pool.policyId,
        pool.policyName,
        pool.status === 'settled' ? '已清算' : '未清算',
        ...amounts(pool),
        pool.settledAt ?? '',
      ]),
      [department.departmentName, '', '部门小计', '', ...amounts(department.totals), ''],
    ]),
    ['合计', '', '', '', ...amounts(statement.totals), ''],
    ...(statement.returnedAfterSettlementFen > 0
      ? [
          // In the column of what went back to finance.
          [
            '清算后银行退汇（已退回财政）',
            '',
            '',
            '',
            '',
            '',
            '',
            yuan(statement.returnedAfterSettlementFen),
            '',
            '',
          ],
        ]
      : []),
  ]);
}

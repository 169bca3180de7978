// Budgets (预拨兑付): finance moves a department's budget for a policy from the appropriation into the payer's pool,
// and takes it back the same way (a negative amount). Every allocation is a ledger transfer named by finance's own
// reference, so the same reference again is the first allocation, never a second credit.
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import { thisYear } from '../../shared/dates.ts';
import { conflict, notFound, unprocessable } from '../../shared/errors.ts';
import type { AllocationBody, BudgetQuery } from '../../shared/fund-pool/requests.ts';
// The rules only, not the DynamoDB adapter: the API contract imports this module's schemas.
import { accountIds, accountParts, chartAccount } from '../../shared/ledger/accounts.ts';
import { LedgerError, type PoolBalance, poolBalance } from '../../shared/ledger/ledger.ts';
import type { Ledger } from '../../shared/ledger/repository.ts';
import { type Principal, requireJurisdiction } from '../../shared/principal.ts';

export interface BudgetPorts {
  ledger: Ledger;
  catalog: Pick<CatalogRepository, 'getPolicy'>;
  now(): Date;
}

export interface BudgetItem extends PoolBalance {
  policyId: string;
  year: number;
}

export interface Allocation {
  id: string;
  policyId: string;
  year: number;
  amountFen: number;
  ref: string;
  at: string;
  by?: string;
  /** True when the reference had been used already: this is the first allocation, nothing moved now. */
  repeated: boolean;
  pool: BudgetItem;
}

const itemOf = (account: Parameters<typeof poolBalance>[0]): BudgetItem => {
  const { policyId = '', year = 0 } = accountParts(account);
  return { policyId, year, ...poolBalance(account) };
};

async function policyInJurisdiction(ports: BudgetPorts, principal: Principal, policyId: string) {
  const policy = await ports.catalog.getPolicy(policyId);
  if (!policy) throw notFound('政策事项');
  requireJurisdiction(principal, policy.divisionCode);
  return policy;
}

export async function allocate(
  ports: BudgetPorts,
  principal: Principal,
  body: AllocationBody,
): Promise<Allocation> {
  const policy = await policyInJurisdiction(ports, principal, body.policyId);
  const division = policy.divisionCode;
  const appropriation = accountIds.appropriation(division, body.year);
  const pool = accountIds.pool(policy.id, body.year);
  // The appropriation stands for the budget finance holds; it may run below zero, a pool may not.
  await Promise.all([
    ports.ledger.openAccount(chartAccount.appropriation(division, body.year)),
    ports.ledger.openAccount(chartAccount.pool(policy.id, body.year)),
    ports.ledger.openAccount(chartAccount.bank(division)),
  ]);
  const funding = body.amountFen > 0;
  const by = `${principal.role}:${principal.subject}`;
  try {
    const { status, transfer } = await ports.ledger.transfer({
      id: `allocation:${division}:${body.ref}`,
      debitAccountId: funding ? appropriation : pool,
      creditAccountId: funding ? pool : appropriation,
      amountFen: Math.abs(body.amountFen),
      flag: 'posted',
      code: funding ? 'allocation' : 'deallocation',
      ref: body.ref,
      at: ports.now().toISOString(),
      by,
    });
    const account = await ports.ledger.getAccount(pool);
    return {
      id: transfer.id,
      policyId: policy.id,
      year: body.year,
      amountFen: body.amountFen,
      ref: body.ref,
      at: transfer.at,
      ...(transfer.by ? { by: transfer.by } : {}),
      repeated: status === 'exists',
      pool: itemOf(account ?? chartAccount.pool(policy.id, body.year)),
    };
  } catch (error) {
    if (error instanceof LedgerError && error.code === 'EXISTS_WITH_DIFFERENT_FIELDS') {
      throw conflict('ALLOCATION_REF_REUSED', '该拨付编号已用于另一笔拨付，请使用新的编号', {
        ref: body.ref,
      });
    }
    if (error instanceof LedgerError && error.code === 'ACCOUNT_CLOSED') {
      throw conflict('POOL_SETTLED', '该资金池已据实清算关闭，不能再拨付或收回', { policyId: policy.id });
    }
    if (error instanceof LedgerError && error.code === 'EXCEEDS_CREDITS') {
      throw unprocessable('POOL_INSUFFICIENT', '资金池可用额度不足，不能收回该金额', { policyId: policy.id });
    }
    throw error;
  }
}

/** Pools of the caller's jurisdiction for a year (this year unless asked), or the one pool of a policy. */
export async function listBudgets(
  ports: BudgetPorts,
  principal: Principal,
  query: BudgetQuery,
): Promise<BudgetItem[]> {
  const poolYear = query.year ?? thisYear(ports.now());
  if (query.policyId) {
    const policy = await policyInJurisdiction(ports, principal, query.policyId);
    const account = await ports.ledger.getAccount(accountIds.pool(policy.id, poolYear));
    return [itemOf(account ?? chartAccount.pool(policy.id, poolYear))];
  }
  if (!principal.division) return [];
  const accounts = await ports.ledger.listAccounts(accountIds.poolsOf(principal.division, poolYear));
  return accounts.map(itemOf).sort((a, b) => a.policyId.localeCompare(b.policyId));
}

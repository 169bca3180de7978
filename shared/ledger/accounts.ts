// The chart of accounts: the one module that names the ledger's accounts and reads what an account stands for.
import { divisionOfPolicy } from '../division.ts';
import { type Account, newAccount } from './ledger.ts';

/**
 * Ledger account ids: one appropriation per division and year, one pool per policy and year, one bank (clearing)
 * account per division that every payout is paid into.
 */
export const accountIds = {
  appropriation: (divisionCode: string, year: number) => `appropriation:${divisionCode}:${year}`,
  pool: (policyId: string, year: number) => `pool:${policyId}:${year}`,
  bank: (divisionCode: string) => `bank:${divisionCode}`,
  /** The group every pool of a division and year is listed in. */
  poolsOf: (divisionCode: string, year: number) => `pools:${divisionCode}:${year}`,
};

/** Accounts as they are opened: each carries its division (and year, and policy), so no one reads them from its id. */
export const chartAccount = {
  appropriation: (divisionCode: string, year: number): Account => ({
    ...newAccount(accountIds.appropriation(divisionCode, year), 'appropriation'),
    divisionCode,
    year,
  }),
  pool: (policyId: string, year: number): Account => {
    const divisionCode = divisionOfPolicy(policyId);
    return {
      ...newAccount(accountIds.pool(policyId, year), 'pool', accountIds.poolsOf(divisionCode, year)),
      divisionCode,
      year,
      policyId,
    };
  },
  bank: (divisionCode: string): Account => ({
    ...newAccount(accountIds.bank(divisionCode), 'bank'),
    divisionCode,
  }),
};

/** What an account stands for: its division, the budget year (not for a bank account), the policy (a pool's). */
export interface AccountParts {
  divisionCode?: string;
  year?: number;
  policyId?: string;
}

const ACCOUNT_ID = /^(appropriation|pool|bank):([^:]+)(?::(\d{4}))?$/;

/**
 * What an account stands for, as stored on it when it was opened. Accounts opened before those fields were stored
 * have them only in their id, so for them — and only here — the parts are read back from the id.
 */
export function accountParts(
  account: Pick<Account, 'id' | 'divisionCode' | 'year' | 'policyId'>,
): AccountParts {
  const parts = { ...partsOfId(account.id) };
  if (account.divisionCode !== undefined) parts.divisionCode = account.divisionCode;
  if (account.year !== undefined) parts.year = account.year;
  if (account.policyId !== undefined) parts.policyId = account.policyId;
  return parts;
}

/** The parts an id was made of: `appropriation:<division>:<year>`, `pool:<policy id>:<year>`, `bank:<division>`. */
function partsOfId(id: string): AccountParts {
  const [, kind, subject = '', year] = ACCOUNT_ID.exec(id) ?? [];
  const yearPart = year === undefined ? {} : { year: Number(year) };
  switch (kind) {
    case 'pool':
      return { divisionCode: divisionOfPolicy(subject), policyId: subject, ...yearPart };
    case 'appropriation':
    case 'bank':
      return { divisionCode: subject, ...yearPart };
    default:
      return {};
  }
}

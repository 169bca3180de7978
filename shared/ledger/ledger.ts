// The double-entry ledger's rules (after TigerBeetle): accounts, immutable transfers, two-phase reservations, fen.

/** What an account stands for; the kind fixes whether it may go below zero. */
export type AccountKind = 'appropriation' | 'pool' | 'bank';

export interface Account {
  id: string;
  kind: AccountKind;
  /** A pool may never pay out more than it was funded with: debits (posted and pending) ≤ credits posted. */
  debitsMustNotExceedCredits: boolean;
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
  /** creditsPosted − debitsPosted − debitsPending, kept in every write so a condition can guard it. */
  available: number;
  /** The list the account is found in (`pools:<division>:<year>` for pools), for budgets without a scan. */
  group?: string;
  /** What the account stands for, stored when it is opened; read them through the chart of accounts (accounts.ts). */
  divisionCode?: string;
  /** The budget year of an appropriation or a pool. */
  year?: number;
  /** The policy a pool pays. */
  policyId?: string;
  /** Set when a pool is settled (据实清算): nothing moves in or out of it afterwards. */
  closedAt?: string;
  /** The settlement transfer that closed it. */
  closedBy?: string;
  /** Posted totals by transfer code, e.g. `debited_payout`, `credited_allocation`. */
  [byCode: `${'debited' | 'credited'}_${string}`]: number;
}

/**
 * Why money moved; budgets and reconciliation read the totals by code. `settlement` is the remainder a pool gives
 * back to the appropriation when it is closed for the year.
 */
export type TransferCode = 'allocation' | 'deallocation' | 'payout' | 'payout_return' | 'settlement';

/** `posted` moves money at once; `pending` reserves it; `post_pending` / `void_pending` settle a reservation. */
export type TransferFlag = 'posted' | 'pending' | 'post_pending' | 'void_pending';

export interface Transfer {
  /** Derived from the business key (never random), so a retry names the same transfer. */
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amountFen: number;
  flag: TransferFlag;
  /** The reservation a post or void settles. */
  pendingId?: string;
  code: TransferCode;
  /** The business reference the id was derived from, for people reading the ledger. */
  ref: string;
  at: string;
  /** Who moved the money, for transfers people make (finance's allocations). */
  by?: string;
}

/** Resolving a reservation (post or void) names only the reservation: accounts and amount are the reservation's own. */
export type Resolution = Omit<
  Transfer,
  'debitAccountId' | 'creditAccountId' | 'amountFen' | 'flag' | 'pendingId'
> & {
  flag: 'post_pending' | 'void_pending';
  pendingId: string;
};

export type LedgerErrorCode =
  | 'EXCEEDS_CREDITS'
  | 'EXISTS_WITH_DIFFERENT_FIELDS'
  | 'PENDING_NOT_FOUND'
  | 'PENDING_ALREADY_RESOLVED'
  | 'ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_CLOSED'
  | 'RESERVATIONS_OPEN'
  | 'INVALID_AMOUNT';

/** A transfer the ledger refuses; nothing of it was written. */
export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LedgerError';
  }
}

/** The fields that make two transfers the same; the time it was written is not one of them. */
const IDENTITY: (keyof Transfer)[] = [
  'id',
  'debitAccountId',
  'creditAccountId',
  'amountFen',
  'flag',
  'pendingId',
  'code',
  'ref',
];

/** A retry with the same id is a no-op only if it asks for exactly the same movement. */
export function sameTransfer(a: Transfer, b: Transfer): boolean {
  return IDENTITY.every((field) => a[field] === b[field]);
}

export const newAccount = (id: string, kind: AccountKind, group?: string): Account => ({
  id,
  kind,
  ...(group ? { group } : {}),
  debitsMustNotExceedCredits: kind === 'pool',
  debitsPending: 0,
  debitsPosted: 0,
  creditsPending: 0,
  creditsPosted: 0,
  available: 0,
});

/** A pool as finance reads it; funded = available + reserved + paid always holds. */
export interface PoolBalance {
  fundedFen: number;
  reservedFen: number;
  paidFen: number;
  availableFen: number;
}

export function poolBalance(account: Account): PoolBalance {
  const total = (key: `${'debited' | 'credited'}_${TransferCode}`) => account[key] ?? 0;
  return {
    // What the pool was funded with by the end: a settled remainder went back, so funded becomes what was paid.
    fundedFen: total('credited_allocation') - total('debited_deallocation') - total('debited_settlement'),
    reservedFen: account.debitsPending,
    paidFen: total('debited_payout') - total('credited_payout_return'),
    availableFen: account.available,
  };
}

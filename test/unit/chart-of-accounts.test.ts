// The chart of accounts: the ids it makes, the parts it stores on an account, and how it reads an older account.
import { describe, expect, it } from 'vitest';
import { findDiscrepancies, reconcileSources } from '../../functions/reconcile/reconcile.ts';
import { accountIds, accountParts, chartAccount } from '../../shared/ledger/accounts.ts';
import { type Account, newAccount, type Transfer } from '../../shared/ledger/ledger.ts';
import type { Ledger } from '../../shared/ledger/repository.ts';

describe('chart of accounts', () => {
  it('makes the ids of appropriations, pools, clearing accounts and the pool lists', () => {
    expect(accountIds.appropriation('360728', 2026)).toBe('appropriation:360728:2026');
    expect(accountIds.pool('360728-020', 2026)).toBe('pool:360728-020:2026');
    expect(accountIds.bank('360728')).toBe('bank:360728');
    expect(accountIds.poolsOf('360728', 2026)).toBe('pools:360728:2026');
  });

  it('opens each account with what it stands for stored on it', () => {
    // Act
    const appropriation = chartAccount.appropriation('360728', 2026);
    const pool = chartAccount.pool('360728-020', 2026);
    const bank = chartAccount.bank('360728');
    // Assess
    expect(appropriation).toMatchObject({
      id: 'appropriation:360728:2026',
      kind: 'appropriation',
      divisionCode: '360728',
      year: 2026,
      debitsMustNotExceedCredits: false,
    });
    expect(pool).toMatchObject({
      id: 'pool:360728-020:2026',
      kind: 'pool',
      group: 'pools:360728:2026',
      divisionCode: '360728',
      year: 2026,
      policyId: '360728-020',
      debitsMustNotExceedCredits: true,
      available: 0,
    });
    expect(bank).toMatchObject({ id: 'bank:360728', kind: 'bank', divisionCode: '360728' });
    expect(bank.year).toBeUndefined();
  });

  it('reads the parts stored on an account', () => {
    expect(accountParts(chartAccount.pool('360728-020', 2026))).toEqual({
      divisionCode: '360728',
      year: 2026,
      policyId: '360728-020',
    });
    expect(accountParts(chartAccount.appropriation('360700', 2025))).toEqual({
      divisionCode: '360700',
      year: 2025,
    });
    expect(accountParts(chartAccount.bank('360728'))).toEqual({ divisionCode: '360728' });
  });

  it('believes what is stored over what the id says', () => {
    // Prepare: an account whose stored parts are the record of what it was opened for.
    const pool = { ...newAccount('pool:360728-020:2026', 'pool'), divisionCode: '360700', year: 2027 };
    // Act / Assess
    expect(accountParts(pool)).toMatchObject({ divisionCode: '360700', year: 2027, policyId: '360728-020' });
  });

  it('reads an account opened before its parts were stored from its id', () => {
    // Prepare: items as older releases wrote them, with no division, year or policy on them.
    const pool = newAccount('pool:360728-020:2026', 'pool', 'pools:360728:2026');
    const appropriation = newAccount('appropriation:360728:2026', 'appropriation');
    const bank = newAccount('bank:360728', 'bank');
    // Act / Assess
    expect(accountParts(pool)).toEqual({ divisionCode: '360728', year: 2026, policyId: '360728-020' });
    expect(accountParts(appropriation)).toEqual({ divisionCode: '360728', year: 2026 });
    expect(accountParts(bank)).toEqual({ divisionCode: '360728' });
    expect(accountParts({ id: 'something-else' })).toEqual({});
  });

  it("finds a division's pools for reconciliation, whether opened now or by an older release", async () => {
    // Prepare: one pool of each kind per division.
    const pools: Account[] = [
      chartAccount.pool('360728-020', 2026),
      newAccount('pool:360728-003:2025', 'pool'),
      chartAccount.pool('360727-001', 2026),
      newAccount('pool:360799-001:2026', 'pool'),
    ];
    const ledger = { listPools: async () => pools } as unknown as Ledger;
    const sources = reconcileSources({
      ledger,
      bank: { statementFile: async () => '' },
      payments: { get: async () => undefined },
    });
    // Act
    const dingnan = await sources.poolsOf('360728');
    const divisions = await sources.divisions();
    // Assess
    expect(dingnan.map((pool) => pool.id)).toEqual(['pool:360728-020:2026', 'pool:360728-003:2025']);
    expect(divisions).toEqual(['360727', '360728', '360799']);
  });

  it("judges a payment the division's when its transfers debit the division's pool or clearing account", () => {
    // Prepare: posts from a pool of 定南 (360728) and of 龙南 (360727), and a return reversed from 定南's clearing
    // account. The bank's statement has none of them, so each is a discrepancy — of the division it belongs to.
    const ours = chartAccount.pool('360728-020', 2026);
    const theirs = chartAccount.pool('360727-001', 2026);
    const post = (paymentId: string, debitAccountId: string): Transfer => ({
      id: `post:${paymentId}`,
      debitAccountId,
      creditAccountId: accountIds.bank('360728'),
      amountFen: 100,
      flag: 'post_pending',
      code: 'payout',
      ref: paymentId,
      at: '2026-06-10T02:00:00.000Z',
    });
    const reversal: Transfer = {
      ...post('p-returned', accountIds.bank('360728')),
      id: 'return:p-returned',
      creditAccountId: ours.id,
      flag: 'posted',
      code: 'payout_return',
    };
    // Act
    const { found } = findDiscrepancies({
      divisionCode: '360728',
      from: '2026-06-10',
      to: '2026-06-10',
      transfers: [post('p-ours', ours.id), post('p-theirs', theirs.id), reversal],
      lines: [],
      payees: new Map(),
      pools: [ours],
    });
    // Assess
    expect(found.map((each) => each.paymentId)).toEqual(['p-ours', 'p-returned']);
  });
});

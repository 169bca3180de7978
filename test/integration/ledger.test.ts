// The ledger on DynamoDB Local under concurrency: transfers made at the same time are committed in groups, and a
// group never lets through what one transfer alone would be refused — an overdrawn pool, a second transfer with the
// same id, a second settlement of one reservation.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Ledger, Transfer } from '../../shared/ledger/index.ts';
import { type LedgerTableDb, startLedgerTable } from '../support/ledger-table.ts';

describe('ledger with group commit', () => {
  let db: LedgerTableDb;
  let ledger: Ledger;
  let ledgerModule: typeof import('../../shared/ledger/index.ts');
  let documentClient: typeof import('../../shared/dynamo.ts').documentClient;

  beforeAll(async () => {
    db = await startLedgerTable();
    ledgerModule = await import('../../shared/ledger/index.ts');
    ({ documentClient } = await import('../../shared/dynamo.ts'));
    ledger = ledgerModule.dynamoLedger(db.tableName);
  }, 60_000);

  afterAll(async () => {
    await db?.stop();
  });

  /** A division of its own per test: an appropriation, a funded pool and a clearing account. */
  async function fundedPool(division: string, fundedFen: number) {
    const { accountIds, newAccount } = ledgerModule;
    const ids = {
      appropriation: accountIds.appropriation(division, 2026),
      pool: accountIds.pool(`${division}-001`, 2026),
      clearing: accountIds.bank(division),
    };
    await ledger.openAccount(newAccount(ids.appropriation, 'appropriation'));
    await ledger.openAccount(newAccount(ids.pool, 'pool'));
    await ledger.openAccount(newAccount(ids.clearing, 'bank'));
    await ledger.transfer({
      id: `alloc:${division}`,
      debitAccountId: ids.appropriation,
      creditAccountId: ids.pool,
      amountFen: fundedFen,
      flag: 'posted',
      code: 'allocation',
      ref: 'ref-1',
      at: '2026-06-01T00:00:00.000Z',
    });
    const reserve = (n: number, amountFen = 100): Transfer => ({
      id: `reserve:${division}:${n}`,
      debitAccountId: ids.pool,
      creditAccountId: ids.clearing,
      amountFen,
      flag: 'pending',
      code: 'payout',
      ref: `p${n}`,
      at: '2026-06-01T00:00:00.000Z',
    });
    return { ids, reserve };
  }

  const outcome = (promise: Promise<{ status: string }>) =>
    promise.then(
      (result) => result.status,
      (error: { code?: string }) => error.code ?? 'error',
    );

  it('commits concurrent reservations in groups and refuses exactly those the pool cannot cover', async () => {
    const { ids, reserve } = await fundedPool('910001', 3_000);
    const sent = vi.spyOn(documentClient, 'send');
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, n) => outcome(ledger.transfer(reserve(n)))),
    );
    // The transfers each transaction carried.
    const carried = sent.mock.calls
      .filter(([command]) => command instanceof TransactWriteCommand)
      .map(
        ([command]) =>
          ((command as TransactWriteCommand).input.TransactItems ?? []).filter((item) =>
            String(item.Put?.Item?.pk).startsWith('TRANSFER#'),
          ).length,
      );
    sent.mockRestore();

    expect(outcomes.filter((status) => status === 'created')).toHaveLength(30);
    expect(outcomes.filter((status) => status === 'EXCEEDS_CREDITS')).toHaveLength(20);
    const pool = await ledger.getAccount(ids.pool);
    expect(pool).toMatchObject({ available: 0, debitsPending: 3_000, creditsPosted: 3_000 });
    // Grouped: reservations that arrived together were committed together, not one transaction each.
    expect(Math.max(...carried)).toBeGreaterThanOrEqual(10);
  });

  it('creates a transfer once when the same id arrives many times at once, and refuses other fields', async () => {
    const { ids, reserve } = await fundedPool('910002', 10_000);
    const outcomes = await Promise.all([1, 1, 1, 2, 2, 3].map((n) => outcome(ledger.transfer(reserve(n)))));
    expect(outcomes.filter((status) => status === 'created')).toHaveLength(3);
    expect(outcomes.filter((status) => status === 'exists')).toHaveLength(3);
    expect(await outcome(ledger.transfer(reserve(1, 101)))).toBe('EXISTS_WITH_DIFFERENT_FIELDS');
    expect((await ledger.getAccount(ids.pool))?.debitsPending).toBe(300);
  });

  it('settles a reservation once when a post and a void race, alongside other settlements', async () => {
    const { ids, reserve } = await fundedPool('910003', 10_000);
    await Promise.all([1, 2, 3, 4].map((n) => ledger.transfer(reserve(n))));
    const settle = (n: number, flag: 'post_pending' | 'void_pending') =>
      outcome(
        ledger.transfer({
          id: `${flag === 'post_pending' ? 'post' : 'void'}:910003:${n}`,
          flag,
          pendingId: `reserve:910003:${n}`,
          code: 'payout',
          ref: `p${n}`,
          at: '2026-06-01T00:00:01.000Z',
        }),
      );
    const outcomes = await Promise.all([
      settle(1, 'post_pending'),
      settle(1, 'void_pending'),
      settle(2, 'post_pending'),
      settle(3, 'void_pending'),
      settle(4, 'post_pending'),
      settle(4, 'post_pending'),
    ]);
    expect(outcomes.slice(0, 2).sort()).toEqual(['PENDING_ALREADY_RESOLVED', 'created']);
    expect(outcomes.slice(2, 4)).toEqual(['created', 'created']);
    expect(outcomes.slice(4).sort()).toEqual(['created', 'exists']);
    const pool = await ledger.getAccount(ids.pool);
    const posted = (await ledger.resolutionOf('reserve:910003:1')) === 'post_pending' ? 3 : 2;
    expect(pool).toMatchObject({
      debitsPending: 0,
      debitsPosted: posted * 100,
      available: 10_000 - posted * 100,
    });
    const clearing = await ledger.getAccount(ids.clearing);
    expect(clearing).toMatchObject({ creditsPending: 0, creditsPosted: posted * 100 });
  });

  it('closes a pool once, only with nothing reserved, giving back exactly what is left, and nothing moves after', async () => {
    const { ids, reserve } = await fundedPool('910004', 10_000);
    await ledger.transfer(reserve(1, 700));
    const closing = {
      id: 'settlement:910004-001:2026',
      debitAccountId: ids.pool,
      creditAccountId: ids.appropriation,
      ref: '910004-001:2026',
      at: '2026-12-31T08:00:00.000Z',
    };
    // A reservation still open: settlement waits for it.
    expect(await outcome(ledger.close(closing))).toBe('RESERVATIONS_OPEN');
    await ledger.transfer({
      id: 'post:910004:1',
      flag: 'post_pending',
      pendingId: 'reserve:910004:1',
      code: 'payout',
      ref: 'p1',
      at: '2026-06-02T00:00:00.000Z',
    });
    // Reservations racing the closing: each either lands before it (and is paid from the pool) or is refused.
    const raced = await Promise.all([
      outcome(ledger.close(closing)),
      ...[2, 3, 4, 5, 6].map((n) => outcome(ledger.transfer(reserve(n, 100)))),
      outcome(ledger.close(closing)),
    ]);
    const reserved = raced.slice(1, 6).filter((status) => status === 'created').length;
    const pool = await ledger.getAccount(ids.pool);
    if (pool?.closedAt) {
      // Closed: only reservations made before the closing were let in, and the closing waited for none of them.
      expect(reserved).toBe(0);
      expect(raced.slice(1, 6).every((status) => status === 'ACCOUNT_CLOSED')).toBe(true);
      expect([raced[0], raced[6]].sort()).toEqual(['created', 'exists']);
    } else {
      expect(reserved).toBeGreaterThan(0);
      expect(
        [raced[0], raced[6]].every((status) => status === 'RESERVATIONS_OPEN' || status === 'created'),
      ).toBe(true);
    }
    // Settle what was let in, close (again), then nothing moves in or out.
    for (let n = 2; n <= 6; n++) {
      if (raced[n - 1] !== 'created') continue;
      await ledger.transfer({
        id: `void:910004:${n}`,
        flag: 'void_pending',
        pendingId: `reserve:910004:${n}`,
        code: 'payout',
        ref: `p${n}`,
        at: '2026-06-02T00:00:00.000Z',
      });
    }
    const closed = await ledger.close(closing);
    expect(closed.transfer).toMatchObject({ code: 'settlement', amountFen: 9_300, flag: 'posted' });
    expect(await ledger.getAccount(ids.pool)).toMatchObject({
      available: 0,
      debitsPending: 0,
      debited_settlement: 9_300,
      closedBy: closing.id,
    });
    expect(ledgerModule.poolBalance((await ledger.getAccount(ids.pool)) as never)).toEqual({
      fundedFen: 700,
      reservedFen: 0,
      paidFen: 700,
      availableFen: 0,
    });
    expect(await ledger.getAccount(ids.appropriation)).toMatchObject({
      available: -700,
      credited_settlement: 9_300,
    });
    expect(await outcome(ledger.transfer(reserve(7, 1)))).toBe('ACCOUNT_CLOSED');
    const refund = {
      id: 'alloc:910004:late',
      debitAccountId: ids.appropriation,
      creditAccountId: ids.pool,
      amountFen: 5,
      flag: 'posted' as const,
      code: 'allocation' as const,
      ref: 'late',
      at: '2026-12-31T09:00:00.000Z',
    };
    expect(await outcome(ledger.transfer(refund))).toBe('ACCOUNT_CLOSED');
    expect(await outcome(ledger.close({ ...closing, id: 'settlement:other' }))).toBe('ACCOUNT_CLOSED');
  });
});

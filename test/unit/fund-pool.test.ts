// The fund pool's pure rules: whitelist line checks, the payer's risk rules, and what the payout sweep re-drives.
import { describe, expect, it } from 'vitest';
import { sweepPayouts } from '../../functions/payout-sweep/sweep.ts';
import { payeeOf } from '../../shared/payments/payee.ts';
import type { Payment, PaymentStatus, PayoutOrder } from '../../shared/payments/payments.ts';
import { screenOrder } from '../../shared/risk/screening.ts';
import { checkEntries, entryPaymentId, pushDigestOf } from '../../shared/whitelists/whitelist.ts';
import { validUscc } from '../support/uscc.ts';

const uscc = validUscc('91360728MA35L0AA1');
const line = (overrides: Record<string, unknown> = {}) => ({
  uscc,
  enterpriseName: '定南甲公司',
  bankName: '定南农商银行',
  accountNo: '6228480000000001',
  accountName: '定南甲公司',
  amountFen: 10_000,
  ...overrides,
});
const order: PayoutOrder = {
  paymentId: 'wl-b-00001',
  source: 'whitelist',
  batchId: 'b',
  line: 1,
  policyId: '360728-002',
  policyName: '工业企业电价补贴',
  departmentId: '360728-gxj',
  period: '2026',
  uscc,
  enterpriseName: '定南甲公司',
  amountFen: 10_000,
  bankAccount: { bankName: '定南农商银行', accountNo: '6228480000000001', accountName: '定南甲公司' },
  orderedAt: '2026-06-01T02:00:00.000Z',
};
const now = new Date('2026-06-01T02:00:00.000Z');

describe('whitelist lines', () => {
  it('accepts good lines and refuses each bad one with its line number, code and field', () => {
    const { accepted, refused } = checkEntries(
      [
        line(),
        line({ uscc: `${uscc.slice(0, 17)}${uscc.endsWith('0') ? '1' : '0'}` }),
        line({ uscc: validUscc('91360728MA35L0AA2'), accountName: '别家公司' }),
        line({ uscc: validUscc('91360728MA35L0AA3'), amountFen: 0 }),
        line({ uscc: validUscc('91360728MA35L0AA4'), amountFen: 600_001 }),
        line(),
        'not an object',
        line({ uscc: validUscc('91360728MA35L0AA5'), extra: 1 }),
      ],
      600_000,
    );
    expect(accepted.map((entry) => entry.line)).toEqual([1]);
    expect(refused.map(({ line: at, code, field }) => [at, code, field])).toEqual([
      [2, 'USCC_CHECK_CHARACTER', 'uscc'],
      [3, 'ACCOUNT_NAME_MISMATCH', 'accountName'],
      [4, 'TOO_SMALL', 'amountFen'],
      [5, 'AMOUNT_OVER_CAP', 'amountFen'],
      [6, 'DUPLICATE_ENTRY', 'uscc'],
      [7, 'INVALID_TYPE', '(body)'],
      [8, 'UNKNOWN_FIELD', 'extra'],
    ]);
    expect(refused.every((refusal) => /[\u4e00-\u9fa5]/.test(refusal.message))).toBe(true);
  });

  it('names an entry payment by batch and zero-padded line, so line 2 and line 20 never collide', () => {
    expect(entryPaymentId('abc', 2)).toBe('wl-abc-00002');
    expect(entryPaymentId('abc', 20)).toBe('wl-abc-00020');
  });

  it('digests a push by its policy, period and lines, whatever the order of their fields', () => {
    const push = { policyId: '360728-002', period: '2026', entries: [line(), line({ amountFen: 20_000 })] };
    const digest = pushDigestOf(push);
    const reordered = push.entries.map((entry) => Object.fromEntries(Object.entries(entry).reverse()));
    expect(pushDigestOf({ ...push, entries: reordered })).toBe(digest);
    expect(pushDigestOf({ ...push, entries: push.entries.slice(0, 1) })).not.toBe(digest);
    expect(pushDigestOf({ ...push, entries: [...push.entries].reverse() })).not.toBe(digest);
    expect(pushDigestOf({ ...push, policyId: '360728-003' })).not.toBe(digest);
    expect(pushDigestOf({ ...push, period: undefined })).not.toBe(digest);
  });
});

describe('the payer’s risk rules', () => {
  const clean = { blacklist: [], othersForPeriod: [] };

  it('finds nothing in a clean order', () => {
    expect(screenOrder(order, clean, now)).toEqual([]);
  });

  it('holds a listing in force over the policy’s division, unless joint review cleared that agency', () => {
    const listing = {
      uscc,
      agencyId: '360700-credit',
      agencyDivision: '360700',
      reason: '失信',
      listedAt: '2026-01-01T00:00:00.000Z',
      listedBy: 'agency:360700-credit',
    };
    expect(screenOrder(order, { ...clean, blacklist: [listing] }, now)).toEqual([
      expect.objectContaining({ rule: 'blacklisted', colour: 'red' }),
    ]);
    expect(
      screenOrder({ ...order, clearedBy: ['360700-credit'] }, { ...clean, blacklist: [listing] }, now),
    ).toEqual([]);
    // A term that ended, or another county's list, does not count.
    expect(
      screenOrder(order, { ...clean, blacklist: [{ ...listing, listedUntil: '2026-05-31' }] }, now),
    ).toEqual([]);
    expect(
      screenOrder(order, { ...clean, blacklist: [{ ...listing, agencyDivision: '360727' }] }, now),
    ).toEqual([]);
  });

  it('holds a second payment for the same policy and period, and an account shared with another enterprise', () => {
    const warnings = screenOrder(
      order,
      {
        ...clean,
        othersForPeriod: [{ paymentId: 'case-c1', status: 'paid' }],
        accountSharedWith: validUscc('91360728MA35L0AA9'),
      },
      now,
    );
    expect(warnings.map((w) => [w.rule, w.colour])).toEqual([
      ['paid_this_period', 'red'],
      ['account_shared', 'red'],
    ]);
  });

  it('flags an account changed within 30 days in yellow, which does not hold', () => {
    const changed = (at: string) => screenOrder(order, { ...clean, bankAccountChangedAt: at }, now);
    expect(changed('2026-05-20T00:00:00.000Z')).toEqual([
      expect.objectContaining({ rule: 'account_recently_changed', colour: 'yellow' }),
    ]);
    expect(changed('2026-04-01T00:00:00.000Z')).toEqual([]);
  });

  it('pays a registered enterprise to the account it confirmed, and says so, in red after a recent change', () => {
    const confirmed = {
      bankName: '中国银行定南支行',
      accountNo: '6216600100001234',
      accountName: '定南甲公司',
    };
    const paid = payeeOf(order, { bankAccount: confirmed });
    expect(paid).toMatchObject({ bankAccount: confirmed, lineAccount: order.bankAccount });
    // The same account, an unregistered enterprise, or a case: the order's account stands.
    expect(payeeOf(order, { bankAccount: { ...confirmed, accountNo: order.bankAccount.accountNo } })).toBe(
      order,
    );
    expect(payeeOf(order, undefined)).toBe(order);
    expect(payeeOf({ ...order, source: 'case' }, { bankAccount: confirmed })).toMatchObject({
      bankAccount: order.bankAccount,
    });
    expect(screenOrder(paid, clean, now)).toEqual([
      expect.objectContaining({ rule: 'account_differs', colour: 'yellow' }),
    ]);
    expect(
      screenOrder(paid, { ...clean, bankAccountChangedAt: '2026-05-20T00:00:00.000Z' }, now).map((w) => [
        w.rule,
        w.colour,
      ]),
    ).toEqual([
      ['account_differs', 'red'],
      ['account_recently_changed', 'yellow'],
    ]);
  });
});

describe('the payout sweep', () => {
  it('queues what a batch left unqueued, re-drives payments resting where the payer only passes, takes back late returns', async () => {
    // Prepare: a batch with two chunks of which one was queued; one payment stalled in each status.
    const batch = { id: 'b1', chunkCount: 2, queuedChunks: 1 };
    const sent: string[] = [];
    const marked: number[] = [];
    const stalled = (status: PaymentStatus): Payment => ({
      ...order,
      paymentId: `p-${status}`,
      status,
      warnings: [],
      receivedAt: '',
      updatedAt: '',
    });
    const asked: [PaymentStatus, string, string][] = [];
    const takenBack: string[] = [];
    // Act
    const result = await sweepPayouts(
      {
        whitelists: {
          unqueued: async () => [batch],
          chunk: async (_id, index) => [{ ...order, paymentId: `chunk-${index}` }],
          markQueued: async (_batch, index) => void marked.push(index),
        },
        payments: {
          movedBetween: async (status, after, before) => {
            asked.push([status, after, before]);
            return status === 'held' ? [] : [stalled(status)];
          },
        },
        queue: { send: async (orders) => void sent.push(...orders.map((o) => o.paymentId)) },
        bank: {
          returnsOn: async (date) =>
            date === '2026-06-01' ? [{ paymentId: 'p-late', amountFen: 100, reason: '退汇', at: '' }] : [],
        },
        takeBack: async (notice) => void takenBack.push(`${notice.paymentId}:${notice.reason}`),
        retry: async () => ({ pool: 2, payee: 1, bank: 0 }),
        exchangeFiles: async () => ({ made: 0, finished: 0 }),
      },
      now,
    );
    // Assess: only the unqueued chunk; held payments wait for the payer and are never re-driven.
    expect(result).toEqual({
      batches: 1,
      payments: 4,
      returns: 1,
      unprocessed: 0,
      retried: { pool: 2, payee: 1, bank: 0 },
      files: 0,
      imports: 0,
    });
    expect(takenBack).toEqual(['p-late:退汇']);
    expect(marked).toEqual([1]);
    expect(sent).toEqual(['chunk-1', 'p-reserved', 'p-instructed', 'p-rejected', 'p-cancelled']);
    expect(asked.map(([status]) => status)).toEqual(['reserved', 'instructed', 'rejected', 'cancelled']);
    expect(asked[0]?.[2]).toBe('2026-06-01T01:55:00.000Z');
  });

  it('takes back every other late return when one cannot be taken back now', async () => {
    const taken: string[] = [];
    const result = await sweepPayouts(
      {
        whitelists: { unqueued: async () => [], chunk: async () => [], markQueued: async () => {} },
        payments: { movedBetween: async () => [] },
        queue: { send: async () => {} },
        bank: {
          returnsOn: async (date) =>
            date === '2026-06-01'
              ? ['p-1', 'p-2', 'p-3'].map((paymentId) => ({
                  paymentId,
                  amountFen: 1,
                  reason: '退汇',
                  at: '',
                }))
              : [],
        },
        takeBack: async (notice) => {
          if (notice.paymentId === 'p-1') throw new Error('ledger unavailable');
          taken.push(notice.paymentId);
        },
        retry: async () => ({ pool: 0, payee: 0, bank: 0 }),
        exchangeFiles: async () => ({ made: 0, finished: 0 }),
      },
      now,
    );
    expect(taken).toEqual(['p-2', 'p-3']);
    expect(result).toMatchObject({ returns: 2, unprocessed: 1 });
  });
});

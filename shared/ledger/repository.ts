// The ledger in DynamoDB: every transfer is one transaction of conditional writes, so the rules hold under any
// retry, crash or race — the conditions, not a cache, are what refuse a second payment or an overdrawn pool.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { batchedReads } from '../batched-reads.ts';
import { shanghaiDate } from '../dates.ts';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import { groupCommit, itemKeyOf, type TransactItem } from '../group-commit.ts';
import { type Account, LedgerError, type Resolution, sameTransfer, type Transfer } from './ledger.ts';

export interface Ledger {
  /** Opens the account unless it exists (then the stored one is kept). */
  openAccount(account: Account): Promise<void>;
  getAccount(id: string): Promise<Account | undefined>;
  /** The accounts opened in a group (a division's pools for a year). */
  listAccounts(group: string): Promise<Account[]>;
  getTransfer(id: string): Promise<Transfer | undefined>;
  /** Every pool account, of every division and year. */
  listPools(): Promise<Account[]>;
  /** The payout transfers that end a payment — posts, voids and return reversals — made on a day, Asia/Shanghai. */
  payoutsOn(date: string): Promise<Transfer[]>;
  /** How a reservation was settled, if it was: by a post or by a void. */
  resolutionOf(pendingId: string): Promise<'post_pending' | 'void_pending' | undefined>;
  /**
   * Writes the transfer and its effect on both accounts atomically. The same id with the same fields again returns
   * `exists` and changes nothing; with other fields it is refused. A settlement (post or void) takes accounts and
   * amount from the reservation it settles.
   */
  transfer(request: Transfer | Resolution): Promise<{ status: 'created' | 'exists'; transfer: Transfer }>;
  /**
   * Closes a pool for good (据实清算): what is left in it moves to `creditAccountId` as a `settlement` transfer, in
   * the one transaction that closes it, which holds only while nothing is reserved. The same closing again returns
   * `exists`; a pool closed by another transfer is refused.
   */
  close(request: Closing): Promise<{ status: 'created' | 'exists'; transfer: Transfer }>;
}

/** A pool's closing: its id, the account the remainder goes back to, and who closed it. */
export type Closing = Pick<Transfer, 'id' | 'debitAccountId' | 'creditAccountId' | 'ref' | 'at' | 'by'>;

const accountKey = (id: string) => ({ pk: `ACCOUNT#${id}`, sk: 'ACCOUNT' });
const transferKey = (id: string) => ({ pk: `TRANSFER#${id}`, sk: 'TRANSFER' });
// A reservation is settled once: the post or void takes this key, which exists only after one of them.
const resolutionKey = (pendingId: string) => ({ pk: `TRANSFER#${pendingId}`, sk: 'RESOLUTION' });

const MAX_ATTEMPTS = 6;

/**
 * A payout's settlement (post or void) and a later return's reversal are listed under their day (Asia/Shanghai),
 * where reconciliation reads them with the bank's statement.
 */
const payoutDayIndex = (transfer: Transfer) =>
  (transfer.code === 'payout' && (transfer.flag === 'post_pending' || transfer.flag === 'void_pending')) ||
  transfer.code === 'payout_return'
    ? { gsi1pk: `PAYOUTS#${shanghaiDate(new Date(transfer.at))}`, gsi1sk: transfer.id }
    : {};

interface Effect {
  /** Attribute deltas on the account, by name. */
  add: Record<string, number>;
  /** The account must have this much available (its flag permitting). */
  guardAvailable?: number;
}

function accountUpdate(tableName: string, accountId: string, effect: Effect): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(effect.add).map(([attribute, delta], index) => {
    names[`#a${index}`] = attribute;
    values[`:a${index}`] = delta;
    return `#a${index} :a${index}`;
  });
  // A settled pool is closed for good: no reservation, payment or allocation touches it afterwards.
  let condition = 'attribute_exists(pk) AND attribute_not_exists(closedAt)';
  if (effect.guardAvailable !== undefined) {
    // The pool rule without arithmetic in the condition: `available` is kept equal to credits − debits.
    condition += ' AND (debitsMustNotExceedCredits = :unlimited OR available >= :need)';
    values[':unlimited'] = false;
    values[':need'] = effect.guardAvailable;
  }
  return {
    Update: {
      TableName: tableName,
      Key: accountKey(accountId),
      UpdateExpression: `ADD ${adds.join(', ')}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The debit and credit effects of a transfer, and the posted totals by code that budgets read. */
function effectsOf(transfer: Transfer, amount: number): { debit: Effect; credit: Effect } {
  const debitedCode = `debited_${transfer.code}`;
  const creditedCode = `credited_${transfer.code}`;
  switch (transfer.flag) {
    case 'posted':
      return {
        debit: {
          add: { debitsPosted: amount, available: -amount, [debitedCode]: amount },
          guardAvailable: amount,
        },
        credit: { add: { creditsPosted: amount, available: amount, [creditedCode]: amount } },
      };
    case 'pending':
      return {
        debit: { add: { debitsPending: amount, available: -amount }, guardAvailable: amount },
        credit: { add: { creditsPending: amount } },
      };
    case 'post_pending':
      return {
        debit: { add: { debitsPending: -amount, debitsPosted: amount, [debitedCode]: amount } },
        credit: {
          add: { creditsPending: -amount, creditsPosted: amount, available: amount, [creditedCode]: amount },
        },
      };
    case 'void_pending':
      return {
        debit: { add: { debitsPending: -amount, available: amount } },
        credit: { add: { creditsPending: -amount } },
      };
  }
}

/** A transfer's writes: its own records (transfer, resolution) and its effects on the two accounts. */
interface Planned {
  records: TransactItem[];
  effects: [accountId: string, effect: Effect][];
}

/**
 * A group's effects on one account add up into one update, guarded by the sum of the group's guards: the account's
 * available before the group covers every reservation in it, so nothing in the group can take it below zero.
 */
function mergedEffects(planned: Planned[]): { accountId: string; effect: Effect; owners: Planned[] }[] {
  const byAccount = new Map<string, { accountId: string; effect: Effect; owners: Planned[] }>();
  for (const entry of planned) {
    for (const [accountId, effect] of entry.effects) {
      const merged = byAccount.get(accountId) ?? { accountId, effect: { add: {} }, owners: [] };
      for (const [attribute, delta] of Object.entries(effect.add))
        merged.effect.add[attribute] = (merged.effect.add[attribute] ?? 0) + delta;
      if (effect.guardAvailable !== undefined)
        merged.effect.guardAvailable = (merged.effect.guardAvailable ?? 0) + effect.guardAvailable;
      if (!merged.owners.includes(entry)) merged.owners.push(entry);
      byAccount.set(accountId, merged);
    }
  }
  return [...byAccount.values()];
}

/**
 * Transfers per group: 98 reservations and the pool and clearing accounts they share fill DynamoDB's 100 items; a
 * group of settlements (two records each) is trimmed to what fits. Larger groups cost the engine less per transfer.
 */
const GROUP_TRANSFERS = 98;

const isResolution = (request: Transfer | Resolution): request is Resolution =>
  request.flag === 'post_pending' || request.flag === 'void_pending';

const reasonsOf = (error: TransactionCanceledException) =>
  (error.CancellationReasons ?? []).map((reason) => reason.Code);

export function dynamoLedger(tableName: string): Ledger {
  // Payments made at the same time share their pool's update: one transaction per group instead of per payment.
  const together = groupCommit<Planned>({
    build(entries) {
      const records = entries.flatMap((entry) => entry.records.map((item) => ({ item, owners: [entry] })));
      const accounts = mergedEffects(entries).map(({ accountId, effect, owners }) => ({
        item: accountUpdate(tableName, accountId, effect),
        owners,
      }));
      const all = [...records, ...accounts];
      return { items: all.map(({ item }) => item), owners: all.map(({ owners }) => owners) };
    },
    keysOf: (entry) => entry.records.map(itemKeyOf),
    maxEntries: GROUP_TRANSFERS,
    // Every group writes the pool it pays from: two at once would only cancel each other.
    inFlight: 1,
  });

  const read = batchedReads(tableName);
  /** Everything listed under one key of an index: a day's payout transfers, a group's accounts, every pool. */
  const listed = async <T>(index: 'gsi1' | 'gsi2', key: string) =>
    (
      await queryAll({
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': key },
      })
    ).map((item) => withoutKeys<T>(item));
  const getTransfer = async (id: string) => {
    const item = await read(transferKey(id));
    return item ? withoutKeys<Transfer>(item) : undefined;
  };
  const getAccount = async (id: string) => {
    const item = await read(accountKey(id));
    return item ? withoutKeys<Account>(item) : undefined;
  };

  /** A post or void takes its accounts and amount from the reservation it settles. */
  const complete = async (request: Transfer | Resolution): Promise<Transfer> => {
    if (!isResolution(request)) return request;
    const pending = await getTransfer(request.pendingId);
    if (pending?.flag !== 'pending') {
      throw new LedgerError('PENDING_NOT_FOUND', `reservation ${request.pendingId} not found`);
    }
    return {
      ...request,
      debitAccountId: pending.debitAccountId,
      creditAccountId: pending.creditAccountId,
      amountFen: pending.amountFen,
    };
  };

  const whyRefused = async (transfer: Transfer, reasons: (string | undefined)[]): Promise<LedgerError> => {
    const settles = transfer.flag === 'post_pending' || transfer.flag === 'void_pending';
    const [, second, third, fourth] = reasons;
    const debitReason = settles ? third : second;
    const creditReason = settles ? fourth : third;
    if (settles && second === 'ConditionalCheckFailed') {
      return new LedgerError(
        'PENDING_ALREADY_RESOLVED',
        `reservation ${transfer.pendingId} is already settled`,
      );
    }
    for (const [reason, accountId] of [
      [debitReason, transfer.debitAccountId],
      [creditReason, transfer.creditAccountId],
    ] as const) {
      if (reason !== 'ConditionalCheckFailed') continue;
      const account = await getAccount(accountId);
      if (account?.closedAt)
        return new LedgerError('ACCOUNT_CLOSED', `account ${accountId} is settled and closed`);
      if (account && accountId === transfer.debitAccountId) {
        return new LedgerError('EXCEEDS_CREDITS', `account ${accountId} has too little available`);
      }
    }
    const missing =
      debitReason === 'ConditionalCheckFailed' ? transfer.debitAccountId : transfer.creditAccountId;
    if (debitReason === 'ConditionalCheckFailed' || creditReason === 'ConditionalCheckFailed') {
      return new LedgerError('ACCOUNT_NOT_FOUND', `account ${missing} does not exist`);
    }
    return new LedgerError('ACCOUNT_NOT_FOUND', `transfer ${transfer.id} was refused: ${reasons.join(',')}`);
  };

  const closeOnce = async (closing: Closing): Promise<Transfer> => {
    const pool = await getAccount(closing.debitAccountId);
    if (!pool) throw new LedgerError('ACCOUNT_NOT_FOUND', `account ${closing.debitAccountId} does not exist`);
    if (pool.closedAt) throw new LedgerError('ACCOUNT_CLOSED', `account ${pool.id} is settled and closed`);
    if (pool.debitsPending > 0) {
      throw new LedgerError('RESERVATIONS_OPEN', `account ${pool.id} has ${pool.debitsPending} fen reserved`);
    }
    // The remainder read here moves only if it is still the remainder when the transaction lands.
    const transfer: Transfer = { ...closing, amountFen: pool.available, flag: 'posted', code: 'settlement' };
    const amount = transfer.amountFen;
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...transferKey(transfer.id), ...transfer },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: tableName,
              Key: accountKey(pool.id),
              UpdateExpression:
                'SET closedAt = :at, closedBy = :id ADD debitsPosted :amount, available :minus, debited_settlement :amount',
              ConditionExpression:
                'attribute_exists(pk) AND attribute_not_exists(closedAt) AND available = :amount AND debitsPending = :zero',
              ExpressionAttributeValues: {
                ':at': transfer.at,
                ':id': transfer.id,
                ':amount': amount,
                ':minus': -amount,
                ':zero': 0,
              },
            },
          },
          accountUpdate(tableName, transfer.creditAccountId, {
            add: { creditsPosted: amount, available: amount, credited_settlement: amount },
          }),
        ],
      }),
    );
    return transfer;
  };

  return {
    async close(closing) {
      for (let attempt = 1; ; attempt++) {
        try {
          return { status: 'created', transfer: await closeOnce(closing) };
        } catch (error) {
          if (error instanceof LedgerError && error.code === 'ACCOUNT_CLOSED') {
            const existing = await getTransfer(closing.id);
            if (existing?.code === 'settlement' && existing.debitAccountId === closing.debitAccountId) {
              return { status: 'exists', transfer: existing };
            }
          }
          if (!(error instanceof TransactionCanceledException)) throw error;
          if (reasonsOf(error)[2] === 'ConditionalCheckFailed') {
            throw new LedgerError('ACCOUNT_NOT_FOUND', `account ${closing.creditAccountId} does not exist`);
          }
          // The pool moved between the read and the write (or the same closing raced): read it again and decide.
          if (attempt >= MAX_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * Math.random()));
        }
      }
    },

    async openAccount(account) {
      await documentClient
        .send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...accountKey(account.id),
              ...account,
              ...(account.group ? { gsi1pk: `ACCOUNTS#${account.group}`, gsi1sk: account.id } : {}),
              // Every pool in one short list, for the nightly reconciliation of every division.
              ...(account.kind === 'pool' ? { gsi2pk: 'POOLS', gsi2sk: account.id } : {}),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },

    getAccount,
    getTransfer,

    async resolutionOf(pendingId) {
      const flag = (await read(resolutionKey(pendingId)))?.flag;
      return flag === 'post_pending' || flag === 'void_pending' ? flag : undefined;
    },

    listPools: () => listed<Account>('gsi2', 'POOLS'),
    payoutsOn: (date) => listed<Transfer>('gsi1', `PAYOUTS#${date}`),
    listAccounts: (group) => listed<Account>('gsi1', `ACCOUNTS#${group}`),

    async transfer(request) {
      const transfer = await complete(request);
      if (!Number.isSafeInteger(transfer.amountFen) || transfer.amountFen <= 0) {
        throw new LedgerError('INVALID_AMOUNT', 'an amount is a positive whole number of fen');
      }
      const { debit, credit } = effectsOf(transfer, transfer.amountFen);
      const records: TransactItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: { ...transferKey(transfer.id), ...transfer, ...payoutDayIndex(transfer) },
            // Transfers are immutable and their ids come from business keys: this condition is the once-only rule.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(transfer.pendingId && transfer.flag !== 'pending'
          ? [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...resolutionKey(transfer.pendingId), by: transfer.id, flag: transfer.flag },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ]
          : []),
      ];
      const planned: Planned = {
        records,
        effects: [
          [transfer.debitAccountId, debit],
          [transfer.creditAccountId, credit],
        ],
      };
      if ((await together(planned)) === 'committed') return { status: 'created', transfer };
      // Alone, a refusal is read item by item: [transfer, resolution?, debit account, credit account].
      const items = [
        ...records,
        accountUpdate(tableName, transfer.debitAccountId, debit),
        accountUpdate(tableName, transfer.creditAccountId, credit),
      ];
      for (let attempt = 1; ; attempt++) {
        try {
          await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
          return { status: 'created', transfer };
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const reasons = reasonsOf(error);
          if (reasons[0] === 'ConditionalCheckFailed') {
            const existing = await getTransfer(transfer.id);
            if (existing && sameTransfer(existing, transfer)) return { status: 'exists', transfer: existing };
            throw new LedgerError(
              'EXISTS_WITH_DIFFERENT_FIELDS',
              `transfer ${transfer.id} exists with other fields`,
            );
          }
          if (reasons.includes('ConditionalCheckFailed')) throw await whyRefused(transfer, reasons);
          // Only contention is left (TransactionConflict): the same writes again are safe, they are all conditional.
          if (attempt >= MAX_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * Math.random()));
        }
      }
    },
  };
}

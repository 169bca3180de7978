// Writing a transfer: its records and its effect on both accounts in one transaction of conditional writes, grouped
// with the transfers made at the same time, and a refusal read back as the ledger's own error.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../dynamo.ts';
import { groupCommit, itemKeyOf, type TransactItem } from '../group-commit.ts';
import { accountUpdate, effectsOf, mergedEffects, type Planned } from './balances.ts';
import { payoutDayIndex, resolutionKey, transferKey } from './items.ts';
import { LedgerError, type Resolution, sameTransfer, type Transfer } from './ledger.ts';
import type { LedgerQueries } from './queries.ts';

/** What writing a transfer (or a closing) came to: written now, or found written the same before. */
export interface TransferOutcome {
  status: 'created' | 'exists';
  transfer: Transfer;
}

export const MAX_ATTEMPTS = 6;

/** A short random pause, longer with each attempt, so racing writers do not meet again. */
export const pauseBeforeRetry = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt * Math.random()));

/**
 * Transfers per group: 98 reservations and the pool and clearing accounts they share fill DynamoDB's 100 items; a
 * group of settlements (two records each) is trimmed to what fits. Larger groups cost the engine less per transfer.
 */
const GROUP_TRANSFERS = 98;

const isResolution = (request: Transfer | Resolution): request is Resolution =>
  request.flag === 'post_pending' || request.flag === 'void_pending';

export const reasonsOf = (error: TransactionCanceledException) =>
  (error.CancellationReasons ?? []).map((reason) => reason.Code);

export function transferWriter(
  tableName: string,
  queries: Pick<LedgerQueries, 'getAccount' | 'getTransfer'>,
): (request: Transfer | Resolution) => Promise<TransferOutcome> {
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

  /** A post or void takes its accounts and amount from the reservation it settles. */
  const complete = async (request: Transfer | Resolution): Promise<Transfer> => {
    if (!isResolution(request)) return request;
    const pending = await queries.getTransfer(request.pendingId);
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
      const account = await queries.getAccount(accountId);
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

  return async (request) => {
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
          const existing = await queries.getTransfer(transfer.id);
          if (existing && sameTransfer(existing, transfer)) return { status: 'exists', transfer: existing };
          throw new LedgerError(
            'EXISTS_WITH_DIFFERENT_FIELDS',
            `transfer ${transfer.id} exists with other fields`,
          );
        }
        if (reasons.includes('ConditionalCheckFailed')) throw await whyRefused(transfer, reasons);
        // Only contention is left (TransactionConflict): the same writes again are safe, they are all conditional.
        if (attempt >= MAX_ATTEMPTS) throw error;
        await pauseBeforeRetry(attempt);
      }
    }
  };
}

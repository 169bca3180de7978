// Closing a pool for good (据实清算): its remainder moves back in a settlement transfer, in the one transaction that
// closes it, and only while nothing in it is reserved.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../dynamo.ts';
import { accountUpdate } from './balances.ts';
import { accountKey, transferKey } from './items.ts';
import { LedgerError, type Transfer } from './ledger.ts';
import type { LedgerQueries } from './queries.ts';
import { MAX_ATTEMPTS, pauseBeforeRetry, reasonsOf, type TransferOutcome } from './transfers.ts';

/** A pool's closing: its id, the account the remainder goes back to, and who closed it. */
export type Closing = Pick<Transfer, 'id' | 'debitAccountId' | 'creditAccountId' | 'ref' | 'at' | 'by'>;

export function poolCloser(
  tableName: string,
  queries: Pick<LedgerQueries, 'getAccount' | 'getTransfer'>,
): (closing: Closing) => Promise<TransferOutcome> {
  const closeOnce = async (closing: Closing): Promise<Transfer> => {
    const pool = await queries.getAccount(closing.debitAccountId);
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

  return async (closing) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return { status: 'created', transfer: await closeOnce(closing) };
      } catch (error) {
        if (error instanceof LedgerError && error.code === 'ACCOUNT_CLOSED') {
          const existing = await queries.getTransfer(closing.id);
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
        await pauseBeforeRetry(attempt);
      }
    }
  };
}

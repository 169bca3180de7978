// The ledger in DynamoDB: every transfer is one transaction of conditional writes, so the rules hold under any
// retry, crash or race — the conditions, not a cache, are what refuse a second payment or an overdrawn pool.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../dynamo.ts';
import { type Closing, poolCloser } from './closing.ts';
import { accountItem } from './items.ts';
import type { Account, Resolution, Transfer } from './ledger.ts';
import { type LedgerQueries, ledgerQueries } from './queries.ts';
import { type TransferOutcome, transferWriter } from './transfers.ts';

export type { Closing } from './closing.ts';

export interface Ledger extends LedgerQueries {
  /** Opens the account unless it exists (then the stored one is kept). */
  openAccount(account: Account): Promise<void>;
  /**
   * Writes the transfer and its effect on both accounts atomically. The same id with the same fields again returns
   * `exists` and changes nothing; with other fields it is refused. A settlement (post or void) takes accounts and
   * amount from the reservation it settles.
   */
  transfer(request: Transfer | Resolution): Promise<TransferOutcome>;
  /**
   * Closes a pool for good (据实清算): what is left in it moves to `creditAccountId` as a `settlement` transfer, in
   * the one transaction that closes it, which holds only while nothing is reserved. The same closing again returns
   * `exists`; a pool closed by another transfer is refused.
   */
  close(request: Closing): Promise<TransferOutcome>;
}

export function dynamoLedger(tableName: string): Ledger {
  // One set of batched reads for the whole ledger: the writers read the same accounts and transfers callers do.
  const queries = ledgerQueries(tableName);
  return {
    ...queries,

    async openAccount(account) {
      await documentClient
        .send(
          new PutCommand({
            TableName: tableName,
            Item: accountItem(account),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },

    transfer: transferWriter(tableName, queries),
    close: poolCloser(tableName, queries),
  };
}

// Reading the ledger: accounts and transfers by id in batched consistent reads, and the lists reconciliation walks.
import { batchedReads } from '../batched-reads.ts';
import { queryAll, withoutKeys } from '../dynamo.ts';
import { accountKey, listKeys, resolutionKey, transferKey } from './items.ts';
import type { Account, Transfer } from './ledger.ts';

export interface LedgerQueries {
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
}

export function ledgerQueries(tableName: string): LedgerQueries {
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

  return {
    async getAccount(id) {
      const item = await read(accountKey(id));
      return item ? withoutKeys<Account>(item) : undefined;
    },

    async getTransfer(id) {
      const item = await read(transferKey(id));
      return item ? withoutKeys<Transfer>(item) : undefined;
    },

    async resolutionOf(pendingId) {
      const flag = (await read(resolutionKey(pendingId)))?.flag;
      return flag === 'post_pending' || flag === 'void_pending' ? flag : undefined;
    },

    listPools: () => listed<Account>('gsi2', listKeys.pools),
    payoutsOn: (date) => listed<Transfer>('gsi1', listKeys.payoutsOn(date)),
    listAccounts: (group) => listed<Account>('gsi1', listKeys.accountsOf(group)),
  };
}

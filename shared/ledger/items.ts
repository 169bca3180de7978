// How the ledger is kept in its table: the keys of accounts, transfers and resolutions, and the lists they appear in.
import { shanghaiDate } from '../dates.ts';
import type { Account, Transfer } from './ledger.ts';

export const accountKey = (id: string) => ({ pk: `ACCOUNT#${id}`, sk: 'ACCOUNT' });
export const transferKey = (id: string) => ({ pk: `TRANSFER#${id}`, sk: 'TRANSFER' });
// A reservation is settled once: the post or void takes this key, which exists only after one of them.
export const resolutionKey = (pendingId: string) => ({ pk: `TRANSFER#${pendingId}`, sk: 'RESOLUTION' });

/** The keys of the ledger's lists: a group's accounts and a day's payouts (gsi1), every pool (gsi2). */
export const listKeys = {
  accountsOf: (group: string) => `ACCOUNTS#${group}`,
  payoutsOn: (date: string) => `PAYOUTS#${date}`,
  pools: 'POOLS',
};

/** An account with the lists it appears in: its group's accounts, and every pool. */
export const accountItem = (account: Account) => ({
  ...accountKey(account.id),
  ...account,
  ...(account.group ? { gsi1pk: listKeys.accountsOf(account.group), gsi1sk: account.id } : {}),
  // Every pool in one short list, for the nightly reconciliation of every division.
  ...(account.kind === 'pool' ? { gsi2pk: listKeys.pools, gsi2sk: account.id } : {}),
});

/**
 * A payout's settlement (post or void) and a later return's reversal are listed under their day (Asia/Shanghai),
 * where reconciliation reads them with the bank's statement.
 */
export const payoutDayIndex = (transfer: Transfer) =>
  (transfer.code === 'payout' && (transfer.flag === 'post_pending' || transfer.flag === 'void_pending')) ||
  transfer.code === 'payout_return'
    ? { gsi1pk: listKeys.payoutsOn(shanghaiDate(new Date(transfer.at))), gsi1sk: transfer.id }
    : {};

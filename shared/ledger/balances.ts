// What a transfer does to the balances of its two accounts, as conditional updates: one per account, even for a group.
import type { TransactItem } from '../group-commit.ts';
import { accountKey } from './items.ts';
import type { Transfer } from './ledger.ts';

export interface Effect {
  /** Attribute deltas on the account, by name. */
  add: Record<string, number>;
  /** The account must have this much available (its flag permitting). */
  guardAvailable?: number;
}

export function accountUpdate(tableName: string, accountId: string, effect: Effect): TransactItem {
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
export function effectsOf(transfer: Transfer, amount: number): { debit: Effect; credit: Effect } {
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
export interface Planned {
  records: TransactItem[];
  effects: [accountId: string, effect: Effect][];
}

/**
 * A group's effects on one account add up into one update, guarded by the sum of the group's guards: the account's
 * available before the group covers every reservation in it, so nothing in the group can take it below zero.
 */
export function mergedEffects(
  planned: Planned[],
): { accountId: string; effect: Effect; owners: Planned[] }[] {
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

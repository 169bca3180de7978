// The ledger in DynamoDB: every transfer is one transaction of conditional writes, so the rules hold under any
// retry, crash or race — the conditions, not a cache, are what refuse a second payment or an overdrawn pool.
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { documentClient, queryAll, withoutKeys } from '../dynamo.ts';
import { type Account, LedgerError, type Settlement, sameTransfer, type Transfer } from './ledger.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface Ledger {
  /** Opens the account unless it exists (then the stored one is kept). */
  openAccount(account: Account): Promise<void>;
  getAccount(id: string): Promise<Account | undefined>;
  /** The accounts opened in a group (a division's pools for a year). */
  listAccounts(group: string): Promise<Account[]>;
  getTransfer(id: string): Promise<Transfer | undefined>;
  /** How a reservation was settled, if it was: by a post or by a void. */
  resolutionOf(pendingId: string): Promise<'post_pending' | 'void_pending' | undefined>;
  /**
   * Writes the transfer and its effect on both accounts atomically. The same id with the same fields again returns
   * `exists` and changes nothing; with other fields it is refused. A settlement (post or void) takes accounts and
   * amount from the reservation it settles.
   */
  transfer(request: Transfer | Settlement): Promise<{ status: 'created' | 'exists'; transfer: Transfer }>;
}

const accountKey = (id: string) => ({ pk: `ACCOUNT#${id}`, sk: 'ACCOUNT' });
const transferKey = (id: string) => ({ pk: `TRANSFER#${id}`, sk: 'TRANSFER' });
// A reservation is settled once: the post or void takes this key, which exists only after one of them.
const resolutionKey = (pendingId: string) => ({ pk: `TRANSFER#${pendingId}`, sk: 'RESOLUTION' });

const MAX_ATTEMPTS = 6;

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
  let condition = 'attribute_exists(pk)';
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

const isSettlement = (request: Transfer | Settlement): request is Settlement =>
  request.flag === 'post_pending' || request.flag === 'void_pending';

const reasonsOf = (error: TransactionCanceledException) =>
  (error.CancellationReasons ?? []).map((reason) => reason.Code);

export function dynamoLedger(tableName: string): Ledger {
  const getTransfer = async (id: string) => {
    const result = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: transferKey(id), ConsistentRead: true }),
    );
    return result.Item ? withoutKeys<Transfer>(result.Item) : undefined;
  };
  const getAccount = async (id: string) => {
    const result = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: accountKey(id), ConsistentRead: true }),
    );
    return result.Item ? withoutKeys<Account>(result.Item) : undefined;
  };

  /** A post or void takes its accounts and amount from the reservation it settles. */
  const complete = async (request: Transfer | Settlement): Promise<Transfer> => {
    if (!isSettlement(request)) return request;
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
    if (debitReason === 'ConditionalCheckFailed' && (await getAccount(transfer.debitAccountId))) {
      return new LedgerError(
        'EXCEEDS_CREDITS',
        `account ${transfer.debitAccountId} has too little available`,
      );
    }
    const missing =
      debitReason === 'ConditionalCheckFailed' ? transfer.debitAccountId : transfer.creditAccountId;
    if (debitReason === 'ConditionalCheckFailed' || creditReason === 'ConditionalCheckFailed') {
      return new LedgerError('ACCOUNT_NOT_FOUND', `account ${missing} does not exist`);
    }
    return new LedgerError('ACCOUNT_NOT_FOUND', `transfer ${transfer.id} was refused: ${reasons.join(',')}`);
  };

  return {
    async openAccount(account) {
      await documentClient
        .send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...accountKey(account.id),
              ...account,
              ...(account.group ? { gsi1pk: `ACCOUNTS#${account.group}`, gsi1sk: account.id } : {}),
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
      const result = await documentClient.send(
        new GetCommand({ TableName: tableName, Key: resolutionKey(pendingId), ConsistentRead: true }),
      );
      const flag = result.Item?.flag;
      return flag === 'post_pending' || flag === 'void_pending' ? flag : undefined;
    },

    async listAccounts(group) {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `ACCOUNTS#${group}` },
      });
      return items.map((item) => withoutKeys<Account>(item));
    },

    async transfer(request) {
      const transfer = await complete(request);
      if (!Number.isSafeInteger(transfer.amountFen) || transfer.amountFen <= 0) {
        throw new LedgerError('INVALID_AMOUNT', 'an amount is a positive whole number of fen');
      }
      const { debit, credit } = effectsOf(transfer, transfer.amountFen);
      const items: TransactItem[] = [
        {
          Put: {
            TableName: tableName,
            Item: { ...transferKey(transfer.id), ...transfer },
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

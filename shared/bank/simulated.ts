// A simulated bank for the one-machine platform and tests: it keeps its own book beside the ledger, settles every
// instruction once, and returns those whose account number asks for it, so tests can choose returns.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchedReads } from '../batched-reads.ts';
import { shanghaiDate } from '../dates.ts';
import { documentClient } from '../dynamo.ts';
import { groupedWrites } from '../group-commit.ts';
import type { Bank, BankInstruction, BankOutcome } from './bank.ts';
import { bankBook } from './book.ts';

/** Account numbers ending so are returned by the simulated bank, with the reason a real bank would give. */
export const SIMULATED_RETURNS: Record<string, string> = {
  '4040': '收款账户已销户',
  '4041': '收款账户户名不符',
};

/** Account numbers ending so are settled, then sent back later (退汇), as a frozen account is. */
export const SIMULATED_LATE_RETURNS: Record<string, string> = {
  '4042': '收款账户已冻结，银行退汇',
};

export function simulatedOutcome(instruction: BankInstruction): BankOutcome {
  const reason = SIMULATED_RETURNS[instruction.account.accountNo.slice(-4)];
  return reason ? { outcome: 'returned', reason } : { outcome: 'settled' };
}

const bookKey = (paymentId: string) => ({ pk: `BANK#${paymentId}`, sk: 'INSTRUCTION' });
const returnKey = (paymentId: string) => ({ pk: `BANK#${paymentId}`, sk: 'RETURN' });

export function simulatedBank(tableName: string): Bank {
  // Instructions arrive together from many payments; the bank's book takes them in groups, each once by its id.
  const together = groupedWrites();
  const readItem = batchedReads(tableName);
  const read = (paymentId: string) => readItem(bookKey(paymentId));
  const outcomeOf = (item: Record<string, unknown>): BankOutcome =>
    item.outcome === 'returned'
      ? { outcome: 'returned', reason: String(item.reason) }
      : { outcome: 'settled' };
  return {
    async lookup(paymentId) {
      const item = await read(paymentId);
      return item
        ? { ...outcomeOf(item), amountFen: Number(item.amountFen), at: String(item.at) }
        : undefined;
    },

    ...bankBook(tableName),

    async instruct(instruction, at) {
      const answer = await book(instruction, at);
      const lateReason = SIMULATED_LATE_RETURNS[instruction.account.accountNo.slice(-4)];
      // The return notice follows the settlement; a repeated instruction finds it written already.
      if (answer.outcome === 'settled' && lateReason) {
        await documentClient
          .send(
            new PutCommand({
              TableName: tableName,
              Item: {
                ...returnKey(instruction.paymentId),
                gsi1pk: `BANK_STATEMENT#${shanghaiDate(new Date(at))}`,
                gsi1sk: `${instruction.paymentId}#return`,
                gsi2pk: `BANK_RETURNS#${shanghaiDate(new Date(at))}`,
                gsi2sk: instruction.paymentId,
                ...instruction,
                outcome: 'returned',
                reason: lateReason,
                at,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
          )
          .catch((error: unknown) => {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          });
      }
      return answer;
    },
  };

  /** Writes the instruction into the bank's book once; a repeat answers as the first time. */
  async function book(instruction: BankInstruction, at: string): Promise<BankOutcome> {
    const outcome = simulatedOutcome(instruction);
    const put = {
      TableName: tableName,
      Item: {
        ...bookKey(instruction.paymentId),
        // The day's statement is one key range of the index.
        gsi1pk: `BANK_STATEMENT#${shanghaiDate(new Date(at))}`,
        gsi1sk: instruction.paymentId,
        ...instruction,
        ...outcome,
        at,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    };
    if ((await together({ Put: put })) === 'committed') return outcome;
    try {
      await documentClient.send(new PutCommand(put));
      return outcome;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Already instructed: the bank answers as it did the first time.
      return outcomeOf((await read(instruction.paymentId)) ?? {});
    }
  }
}

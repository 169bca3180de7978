// The bank through files (批量代发): an instruction becomes a line in the outbox, gathered at the next cut-off into the
// payment file the payer uploads to online banking; the answer is the line's result, recorded when the bank's result
// file is imported. Returns (退汇) and statements (对账单) are what the bank's imported files said, so the payout
// sweep and reconciliation read them exactly as they read the simulated bank's.
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchedReads } from '../batched-reads.ts';
import { documentClient } from '../dynamo.ts';
import { groupedWrites } from '../group-commit.ts';
import type { Bank, BankInstruction, BankOutcome } from './bank.ts';
import { bankBook } from './book.ts';

/** Where a line of the outbox stands: waiting for a file, in one, or answered by the bank's result file. */
export type BankLineStatus = 'queued' | 'filed' | 'paid' | 'refused';

export interface BankLine extends BankInstruction {
  /** What the bank's files carry for it (`bankReferenceOf` the attempt). */
  reference: string;
  status: BankLineStatus;
  instructedAt: string;
  fileId?: string;
  reason?: string;
  /** The imported result file that answered it. */
  resultFileId?: string;
  resultAt?: string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/**
 * The reference a payment's attempt carries through the bank's files: banks take 20 or so letters and digits
 * (业务参考号), fewer than a payment id, so it is the id's digest, `HQ` and 18 base-32 characters (90 bits: no two
 * payments of a county's lifetime share one). The outbox line maps it back.
 */
export function bankReferenceOf(attempt: string): string {
  const digest = createHash('sha256').update(attempt).digest();
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && text.length < 18) {
      text += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (text.length === 18) break;
  }
  return `HQ${text}`;
}

export const bankLineKey = (reference: string) => ({ pk: `BANKLINE#${reference}`, sk: 'LINE' });
/** Lines waiting for the next payment file of their division, oldest first. */
export const outboxIndex = (divisionCode: string, instructedAt: string, reference: string) => ({
  gsi1pk: `BANK_OUTBOX#${divisionCode}`,
  gsi1sk: `${instructedAt}#${reference}`,
});

const outcomeOf = (line: Pick<BankLine, 'status' | 'reason'>): BankOutcome =>
  line.status === 'paid'
    ? { outcome: 'settled' }
    : line.status === 'refused'
      ? { outcome: 'returned', reason: line.reason ?? '银行未说明原因' }
      : { outcome: 'pending' };

export function fileExchangeBank(tableName: string): Bank {
  // Many payments are instructed together; the outbox takes them in groups, each once by its reference.
  const together = groupedWrites();
  const read = batchedReads(tableName);
  /** The line of a payment's attempt (`attemptRef`). */
  const lineOf = async (attempt: string) =>
    (await read(bankLineKey(bankReferenceOf(attempt)))) as (BankLine & Record<string, unknown>) | undefined;

  return {
    async instruct(instruction, at) {
      const reference = bankReferenceOf(instruction.paymentId);
      const put = {
        TableName: tableName,
        Item: {
          ...bankLineKey(reference),
          ...outboxIndex(instruction.divisionCode, at, reference),
          ...instruction,
          reference,
          status: 'queued',
          instructedAt: at,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      };
      if ((await together({ Put: put })) === 'committed') return { outcome: 'pending' };
      try {
        await documentClient.send(new PutCommand(put));
        return { outcome: 'pending' };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // In the outbox already: its result, if the bank's file has brought it.
        const line = await lineOf(instruction.paymentId);
        return line ? outcomeOf(line) : { outcome: 'pending' };
      }
    },

    async lookup(attempt) {
      const line = await lineOf(attempt);
      return line ? { ...outcomeOf(line), amountFen: line.amountFen, at: line.instructedAt } : undefined;
    },

    ...bankBook(tableName),
  };
}

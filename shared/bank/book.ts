// What either bank's book says of a day, read the same way: the statement's lines (gsi1 `BANK_STATEMENT#<day>`) and
// the return notices (gsi2 `BANK_RETURNS#<day>`). The simulated bank writes them as it pays; the file exchange as
// the payer imports the bank's statement and return files.
import { queryAll } from '../dynamo.ts';
import type { Bank } from './bank.ts';
import { statementFile } from './statement.ts';

export function bankBook(tableName: string): Pick<Bank, 'statementFile' | 'returnsOn'> {
  return {
    async statementFile(date) {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `BANK_STATEMENT#${date}` },
      });
      return statementFile(
        items.map((item) => {
          const account = item.account as { accountNo: string; accountName: string };
          return {
            paymentId: String(item.paymentId),
            accountNo: account.accountNo,
            accountName: account.accountName,
            amountFen: Number(item.amountFen),
            outcome: item.outcome === 'returned' ? 'returned' : 'settled',
            ...(item.reason ? { reason: String(item.reason) } : {}),
            at: String(item.at),
          };
        }),
      );
    },

    async returnsOn(date) {
      const items = await queryAll({
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': `BANK_RETURNS#${date}` },
      });
      return items.map((item) => ({
        paymentId: String(item.paymentId),
        amountFen: Number(item.amountFen),
        reason: String(item.reason),
        at: String(item.at),
      }));
    },
  };
}

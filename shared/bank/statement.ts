// The bank's daily statement (对账单) as a file: one line per movement on the payer's account, in the layout a
// bank-enterprise link delivers, so reconciliation reads the simulated bank's file exactly as it would a real one's.
import { csvText, parseCsv } from '../csv.ts';

export interface StatementLine {
  /** The payer's instruction id, which the bank echoes back (业务流水号). */
  paymentId: string;
  accountNo: string;
  accountName: string;
  amountFen: number;
  /** `settled`: money left the payer's account; `returned`: it came back (account closed, name mismatch). */
  outcome: 'settled' | 'returned';
  reason?: string;
  at: string;
}

const HEADERS = ['业务流水号', '收款账号', '收款户名', '金额（分）', '交易结果', '退回原因', '交易时间'];
const OUTCOMES: Record<StatementLine['outcome'], string> = { settled: '成功', returned: '退回' };

export function statementFile(lines: StatementLine[]): string {
  return csvText(
    [
      HEADERS,
      ...lines.map((line) => [
        line.paymentId,
        line.accountNo,
        line.accountName,
        line.amountFen,
        OUTCOMES[line.outcome],
        line.reason ?? '',
        line.at,
      ]),
      // The statement is read back by reconciliation field for field, as a bank's own file would be.
    ],
    { forSpreadsheets: false },
  );
}

export class StatementError extends Error {
  override name = 'StatementError';
}

/** Reads a statement file; a file whose layout is not the agreed one is refused, never half read. */
export function parseStatementFile(text: string): StatementLine[] {
  const [header, ...rows] = parseCsv(text.replace(/^\ufeff/, '')).filter((row) =>
    row.some((cell) => cell !== ''),
  );
  if (header?.join(',') !== HEADERS.join(','))
    throw new StatementError(`对账单表头不符：${header?.join(',')}`);
  return rows.map((row, index) => {
    const [
      paymentId = '',
      accountNo = '',
      accountName = '',
      amount = '',
      outcome = '',
      reason = '',
      at = '',
    ] = row;
    const amountFen = Number(amount);
    const result = (Object.keys(OUTCOMES) as StatementLine['outcome'][]).find(
      (key) => OUTCOMES[key] === outcome,
    );
    if (!paymentId || !Number.isSafeInteger(amountFen) || !result || Number.isNaN(Date.parse(at)))
      throw new StatementError(`对账单第 ${index + 2} 行无法识别：${row.join(',')}`);
    return {
      paymentId,
      accountNo,
      accountName,
      amountFen,
      outcome: result,
      ...(reason ? { reason } : {}),
      at,
    };
  });
}

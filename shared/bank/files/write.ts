// The batch payment file (批量代发/批量转账) finance uploads to the county's online banking, in its bank's template.
// The same payments always give the same bytes: a file downloaded twice is one file, never two batches.
import { shanghaiDate } from '../../dates.ts';
import { formatAmount } from './amounts.ts';
import { type BankRef, sameBank } from './cross-bank.ts';
import { BankFileError } from './errors.ts';
import { type BankFileLayout, FIELD_LABELS, type PaymentColumn, type SummaryColumn } from './layout.ts';
import { type Cell, CONTENT_TYPES, fileBytes } from './records.ts';

export interface BankParty extends BankRef {
  accountNo: string;
  accountName: string;
}

export interface PaymentFileLine {
  /** The payment id; the bank echoes it back in its result (业务参考号/客户流水号). */
  reference: string;
  payee: BankParty;
  amountFen: number;
  purpose: string;
}

export interface PaymentFile {
  fileNo: string;
  payer: BankParty;
  /** When the file was made (ISO 8601); its day (Asia/Shanghai) goes into the file's name and date columns. */
  createdAt: string;
  lines: PaymentFileLine[];
}

export interface WrittenFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

const compactDate = (date: string) => date.replaceAll('-', '');

const columnName = (column: { header?: string; field: string }) =>
  column.header ?? FIELD_LABELS[column.field];

function lineText(
  layout: BankFileLayout,
  file: PaymentFile,
  line: PaymentFileLine,
  index: number,
  column: PaymentColumn,
  date: string,
): string {
  switch (column.field) {
    case 'reference':
      return line.reference;
    case 'payeeAccountNo':
      return line.payee.accountNo;
    case 'payeeAccountName':
      return line.payee.accountName;
    case 'payeeBankName':
      return line.payee.bankName ?? '';
    case 'payeeBankCode':
      return line.payee.bankCode ?? '';
    case 'amount':
      return formatAmount(line.amountFen, layout.amount);
    case 'purpose':
      return line.purpose;
    case 'payerAccountNo':
      return file.payer.accountNo;
    case 'payerAccountName':
      return file.payer.accountName;
    case 'payerBankName':
      return file.payer.bankName ?? '';
    case 'fileNo':
      return file.fileNo;
    case 'lineNo':
      return String(index + 1);
    case 'constant':
    case 'currency':
      return column.value;
    case 'crossBank':
      return sameBank(file.payer, line.payee) === true
        ? column.sameBank
        : column.otherBank.replaceAll('{payeeBankName}', line.payee.bankName ?? '');
    case 'date':
      return column.format === 'YYYYMMDD' ? compactDate(date) : date;
  }
}

function summaryText(layout: BankFileLayout, file: PaymentFile, column: SummaryColumn, date: string): string {
  switch (column.field) {
    case 'count':
      return String(file.lines.length);
    case 'totalAmount':
      return formatAmount(
        file.lines.reduce((sum, line) => sum + line.amountFen, 0),
        layout.amount,
      );
    case 'fileNo':
      return file.fileNo;
    case 'payerAccountNo':
      return file.payer.accountNo;
    case 'payerAccountName':
      return file.payer.accountName;
    case 'constant':
      return column.value;
    case 'date':
      return column.format === 'YYYYMMDD' ? compactDate(date) : date;
  }
}

const REQUIRED = new Set(['reference', 'payeeAccountNo', 'payeeAccountName', 'payerAccountNo', 'crossBank']);

/** Refusals that concern the payment rather than one cell's text: empty fields, a cross-bank payee without a code. */
function checkLine(layout: BankFileLayout, file: PaymentFile, line: PaymentFileLine, index: number) {
  const where = `第 ${index + 1} 笔（${line.reference}）`;
  const details = { line: index + 1, reference: line.reference };
  if (!Number.isSafeInteger(line.amountFen) || line.amountFen <= 0)
    throw new BankFileError('AMOUNT_INVALID', `${where}的金额 ${line.amountFen} 不是正的整数分`, {
      ...details,
      field: 'amount',
    });
  for (const column of layout.payment.columns) {
    if (!REQUIRED.has(column.field)) continue;
    const text = lineText(layout, file, line, index, column, '').trim();
    if (text === '')
      throw new BankFileError('FIELD_EMPTY', `${where}的“${columnName(column)}”为空，请补全后重新生成`, {
        ...details,
        field: column.field,
      });
  }
  if (!layout.payment.crossBankNeedsBankCode || line.payee.bankCode?.trim()) return;
  // Not knowing whether the payee is at the payer's bank, the file must be good for either.
  if (sameBank(file.payer, line.payee) !== true)
    throw new BankFileError(
      'BANK_CODE_REQUIRED',
      `${where}的收款账户在他行（${line.payee.bankName ?? '开户行未填'}），银行须有其开户行联行号才能付款，请企业补全开户行联行号后重新生成`,
      { ...details, field: 'payeeBankCode' },
    );
}

/** The payment file in the layout; throws BankFileError naming the first line and column that cannot be written. */
export async function writePaymentFile(layout: BankFileLayout, file: PaymentFile): Promise<WrittenFile> {
  if (file.lines.length === 0) throw new BankFileError('FILE_EMPTY', '付款文件没有任何付款，无需生成');
  const usesCrossBank = layout.payment.columns.some((column) => column.field === 'crossBank');
  if (
    (usesCrossBank || layout.payment.crossBankNeedsBankCode) &&
    !file.payer.bankName &&
    !file.payer.bankCode
  )
    throw new BankFileError('PAYER_BANK_REQUIRED', '此银行格式要区分本行和他行，请先登记付款账户的开户行');
  const seen = new Map<string, number>();
  file.lines.forEach((line, index) => {
    checkLine(layout, file, line, index);
    const first = seen.get(line.reference);
    if (first !== undefined)
      throw new BankFileError(
        'REFERENCE_DUPLICATE',
        `第 ${index + 1} 笔与第 ${first + 1} 笔的业务参考号同为 ${line.reference}，银行的结果将无法对应，请去掉重复的付款`,
        { line: index + 1, reference: line.reference },
      );
    seen.set(line.reference, index);
  });
  const total = file.lines.reduce((sum, line) => sum + line.amountFen, 0);
  if (!Number.isSafeInteger(total))
    throw new BankFileError('AMOUNT_INVALID', '付款文件的总金额超出可准确表示的范围，请分成几个文件');
  const date = shanghaiDate(new Date(file.createdAt));
  const rows: Cell[][] = [];
  if (layout.payment.summary)
    rows.push(
      layout.payment.summary.map((column) => ({
        text: summaryText(layout, file, column, date),
        column,
        where: `汇总行的“${columnName(column)}”`,
        details: { field: column.field },
      })),
    );
  if (layout.payment.header && layout.format !== 'fixed')
    rows.push(
      layout.payment.columns.map((column) => ({
        text: column.header ?? '',
        column,
        where: `表头“${column.header}”`,
        details: { field: column.field },
      })),
    );
  file.lines.forEach((line, index) => {
    rows.push(
      layout.payment.columns.map((column) => ({
        text: lineText(layout, file, line, index, column, date),
        column,
        where: `第 ${index + 1} 笔（${line.reference}）的“${columnName(column)}”`,
        details: { line: index + 1, reference: line.reference, field: column.field },
      })),
    );
  });
  return {
    fileName: layout.payment.fileName
      .replaceAll('{fileNo}', file.fileNo)
      .replaceAll('{date}', compactDate(date)),
    contentType: CONTENT_TYPES[layout.format](layout.encoding),
    bytes: await fileBytes(layout, rows, layout.payment.sheetName),
  };
}

// A department's whitelist spreadsheet with Chinese headers, read into whitelist entries the same way wherever it is
// opened — by the push tool or in the browser. Amounts in yuan become fen exactly, without floating point; anything
// unreadable is passed on as it is, so the platform refuses that line with its number rather than this guessing.

/** Accepted header names per required field; the first is what the template uses. */
export const HEADERS = {
  uscc: ['统一社会信用代码', '社会信用代码', '信用代码'],
  enterpriseName: ['企业名称', '单位名称'],
  bankName: ['开户银行', '开户行', '银行名称'],
  accountNo: ['银行账号', '收款账号', '账号'],
  accountName: ['账户名称', '收款户名', '户名'],
} as const;
/**
 * The optional column of the payee branch's CNAPS code: a county bank's batch payment file needs it to pay an account
 * at another bank, so a sheet without it is still read and only such a line is refused by the bank.
 */
export const BANK_CODE_HEADERS = ['开户行联行号', '联行号', '开户行行号', 'CNAPS'] as const;
const YUAN_HEADERS = ['金额（元）', '金额(元)', '兑付金额（元）', '兑付金额(元)', '金额'];
const FEN_HEADERS = ['金额（分）', '金额(分)'];

export interface SheetEntry {
  /** The row in the spreadsheet (the header is row 1), for telling people where a refused line is. */
  row: number;
  entry: Record<string, unknown>;
}

export class SheetError extends Error {}

/** "1,234.5" yuan → 123450 fen; undefined when it is not a sum of yuan with at most two decimals. */
export function yuanToFen(text: string): number | undefined {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s]/g, ''));
  if (!match) return undefined;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}

/** Excel saves CSV in the system's code page, GBK on Chinese Windows; UTF-8 (with or without BOM) is tried first. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** A cell of an XLSX sheet as text: a date as its day, a number as the shortest decimal that reads as it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

/** The sheet's rows, the header first, as text: its entries with the spreadsheet row each came from. */
export function entriesOfRows(rows: string[][]): SheetEntry[] {
  const [header = [], ...body] = rows;
  const names = header.map((name) => name.trim());
  const columnOf = (aliases: readonly string[]) => names.findIndex((name) => aliases.includes(name));
  const columns = Object.fromEntries(
    Object.entries(HEADERS).map(([field, aliases]) => [field, columnOf(aliases)]),
  ) as Record<keyof typeof HEADERS, number>;
  const bankCode = columnOf(BANK_CODE_HEADERS);
  const yuan = columnOf(YUAN_HEADERS);
  const fen = columnOf(FEN_HEADERS);
  const missing = [
    ...Object.entries(columns)
      .filter(([, column]) => column < 0)
      .map(([field]) => HEADERS[field as keyof typeof HEADERS][0]),
    ...(yuan < 0 && fen < 0 ? ['金额（元）或 金额（分）'] : []),
  ];
  if (missing.length > 0) throw new SheetError(`表头缺少：${missing.join('、')}`);
  const entries: SheetEntry[] = [];
  body.forEach((cells, index) => {
    const cell = (column: number) => (cells[column] ?? '').trim();
    if (cells.every((value) => value.trim() === '')) return;
    const amountText = fen >= 0 ? cell(fen) : cell(yuan);
    const amount =
      fen >= 0 ? (/^\d+$/.test(amountText) ? Number(amountText) : amountText) : yuanToFen(amountText);
    entries.push({
      row: index + 2,
      entry: {
        uscc: cell(columns.uscc).toUpperCase(),
        enterpriseName: cell(columns.enterpriseName),
        bankName: cell(columns.bankName),
        accountNo: cell(columns.accountNo).replace(/\s/g, ''),
        accountName: cell(columns.accountName),
        ...(bankCode >= 0 && cell(bankCode) !== '' ? { bankCode: cell(bankCode) } : {}),
        amountFen: amount ?? amountText,
      },
    });
  });
  return entries;
}

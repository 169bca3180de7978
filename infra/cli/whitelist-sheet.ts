// Reads a department's whitelist spreadsheet (XLSX, or CSV in UTF-8 or GBK as Excel saves it) with Chinese headers
// into whitelist entries. Amounts in yuan become fen exactly, without floating point; anything unreadable is passed
// on as it is, so the platform refuses that line with its number rather than the tool guessing.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InvalidInputError, InvalidSpreadsheetError, readSheet } from 'read-excel-file/node';
import { parseCsv } from '../../shared/csv.ts';

/** Accepted header names per field; the first is what the template uses. */
export const HEADERS = {
  uscc: ['统一社会信用代码', '社会信用代码', '信用代码'],
  enterpriseName: ['企业名称', '单位名称'],
  bankName: ['开户银行', '开户行', '银行名称'],
  accountNo: ['银行账号', '收款账号', '账号'],
  accountName: ['账户名称', '收款户名', '户名'],
} as const;
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
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function readRows(file: string): Promise<string[][]> {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return parseCsv(decode(await readFile(file)));
  if (extension !== '.xlsx') throw new SheetError(`只支持 .xlsx 和 .csv 文件：${file}`);
  // Text keeps its spaces (the entry trims where it means to); a number comes back as the shortest decimal that
  // reads as it, so 0.07 as Excel stores it (7.0000000000000007E-2) is "0.07" yuan again.
  const rows = await readSheet(file, { trim: false }).catch((error: unknown) => {
    if (error instanceof InvalidSpreadsheetError || error instanceof InvalidInputError)
      throw new SheetError(`不是可读取的 .xlsx 工作簿：${file}`);
    throw error;
  });
  return rows.map((row) => row.map(cellText));
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

export async function readWhitelistSheet(file: string): Promise<SheetEntry[]> {
  const [header = [], ...body] = await readRows(file);
  const names = header.map((name) => name.trim());
  const columnOf = (aliases: readonly string[]) => names.findIndex((name) => aliases.includes(name));
  const columns = Object.fromEntries(
    Object.entries(HEADERS).map(([field, aliases]) => [field, columnOf(aliases)]),
  ) as Record<keyof typeof HEADERS, number>;
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
        amountFen: amount ?? amountText,
      },
    });
  });
  return entries;
}

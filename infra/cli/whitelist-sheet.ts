// Reads a department's whitelist spreadsheet (XLSX, or CSV in UTF-8 or GBK as Excel saves it) with Chinese headers
// into whitelist entries. Amounts in yuan become fen exactly, without floating point; anything unreadable is passed
// on as it is, so the platform refuses that line with its number rather than the tool guessing.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InvalidInputError, InvalidSpreadsheetError, readSheet } from 'read-excel-file/node';
import { parseCsv } from '../../shared/csv.ts';
import {
  cellText,
  decodeCsv,
  entriesOfRows,
  type SheetEntry,
  SheetError,
} from '../../shared/whitelists/sheet.ts';

async function readRows(file: string): Promise<string[][]> {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return parseCsv(decodeCsv(await readFile(file)));
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

export async function readWhitelistSheet(file: string): Promise<SheetEntry[]> {
  return entriesOfRows(await readRows(file));
}

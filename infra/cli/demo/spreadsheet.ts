// The department's whitelist spreadsheet for this run: each planned line with this run's ids, written as .xlsx.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import writeExcelFile from 'write-excel-file/node';
import { yuan } from '../../../shared/money.ts';
import { HEADERS } from '../../../shared/whitelists/sheet.ts';
import { MISMATCHED_ACCOUNT_NAME, WHITELIST_LINES, type WhitelistLine } from './fixtures.ts';
import { demoAccount, demoUscc, type RunIds, USCC_ALPHABET } from './run-ids.ts';

/** A planned line as it stands in the spreadsheet, with the faults it is meant to have. */
export type SheetLine = WhitelistLine & { uscc: string; accountNo: string; accountName: string };

/** The lines of this run, each amount within `cap` except on the line meant to exceed it. */
export function sheetLines(run: RunIds, cap: number): SheetLine[] {
  return WHITELIST_LINES.map((line, index) => {
    const valid = demoUscc(run, index + 1);
    const next = USCC_ALPHABET[(USCC_ALPHABET.indexOf(valid.slice(-1)) + 1) % 31];
    return {
      ...line,
      uscc: line.fate === 'USCC_CHECK_CHARACTER' ? `${valid.slice(0, 17)}${next}` : valid,
      accountNo: demoAccount(run, index + 1, line.fate === 'returned' ? 'returned' : 'settled'),
      accountName: line.fate === 'ACCOUNT_NAME_MISMATCH' ? MISMATCHED_ACCOUNT_NAME : line.name,
      amountFen: line.fate === 'AMOUNT_OVER_CAP' ? cap + 100_000 : Math.min(line.amountFen, cap),
    };
  });
}

/** Writes the spreadsheet as the department keeps it, under the headers the push-whitelist tool reads. */
export async function writeSpreadsheet(batchRef: string, lines: SheetLine[]): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'huiqi-demo-')), `${batchRef}.xlsx`);
  const header = [
    HEADERS.uscc[0],
    HEADERS.enterpriseName[0],
    HEADERS.bankName[0],
    HEADERS.accountNo[0],
    HEADERS.accountName[0],
    '金额（元）',
  ];
  // Every cell is text: a 19-digit account number stored as a number would lose its last digits.
  const rows = lines.map((line) => [
    line.uscc,
    line.name,
    line.bankName,
    line.accountNo,
    line.accountName,
    yuan(line.amountFen),
  ]);
  await writeExcelFile([header, ...rows], { sheet: '白名单' }).toFile(file);
  return file;
}

// The whitelist spreadsheet reader: XLSX and CSV (UTF-8 with BOM, or GBK as Excel saves it), Chinese headers,
// yuan to fen without floating point, and a clear refusal of a sheet without the needed columns.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { readWhitelistSheet } from '../../infra/cli/whitelist-sheet.ts';
import { parseCsv } from '../../shared/csv.ts';
import { entriesOfRows, SheetError, yuanToFen } from '../../shared/whitelists/sheet.ts';

// The optional 联行号 column: filled on the line paid at another bank, left empty where the county's bank holds it.
const HEADER = [
  '序号',
  '统一社会信用代码',
  '企业名称',
  '开户银行',
  '银行账号',
  '账户名称',
  '金额（元）',
  '联行号',
];
const ROWS = [
  [
    '1',
    '91360728ma35f0xq1x',
    '定南甲公司',
    '工商银行定南支行',
    '6222 0200 0000 0001',
    '定南甲公司',
    '1,234.5',
    ' 102428000123 ',
  ],
  ['', '', '', '', '', '', '', ''],
  ['2', '91360728MA35F0XQ2Y', '定南"乙"公司', '定南农商银行', '6228480000000002', '定南"乙"公司', '0.07', ''],
  ['3', '91360728MA35F0XQ3Z', '定南丙公司', '定南农商银行', '6228480000000003', '定南丙公司', '12.345', ''],
];
const csvOf = (rows: string[][]) =>
  `${rows.map((row) => row.map((cell) => (/[",]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n')}\r\n`;

describe('the whitelist spreadsheet reader', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'huiqi-sheet-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const expectRows = (entries: Awaited<ReturnType<typeof readWhitelistSheet>>) => {
    expect(entries.map((e) => e.row)).toEqual([2, 4, 5]);
    expect(entries[0]?.entry).toEqual({
      uscc: '91360728MA35F0XQ1X',
      enterpriseName: '定南甲公司',
      bankName: '工商银行定南支行',
      accountNo: '6222020000000001',
      accountName: '定南甲公司',
      bankCode: '102428000123',
      amountFen: 123_450,
    });
    expect(entries[1]?.entry).toMatchObject({ enterpriseName: '定南"乙"公司', amountFen: 7 });
    // An empty 联行号 is no code at all, not an empty one the platform would refuse.
    expect(entries[1]?.entry).not.toHaveProperty('bankCode');
    // Three decimals of a yuan are not a sum of fen: passed on as written, for the platform to refuse by line.
    expect(entries[2]?.entry.amountFen).toBe('12.345');
  };

  it('reads a UTF-8 CSV with a BOM, quotes and blank rows', async () => {
    const file = join(dir, 'utf8.csv');
    await writeFile(file, `\uFEFF${csvOf([HEADER, ...ROWS])}`);
    expectRows(await readWhitelistSheet(file));
  });

  it('reads a CSV Excel saved in GBK', async () => {
    const file = join(dir, 'gbk.csv');
    // GBK bytes of the sheet, made without a GBK encoder: each character's code from a GB18030 decode table.
    const text = csvOf([HEADER, ...ROWS]);
    const decoder = new TextDecoder('gb18030');
    const table = new Map<string, number[]>();
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
      }
    }
    const bytes = [...text].flatMap((ch) =>
      ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (table.get(ch) ?? []),
    );
    await writeFile(file, Buffer.from(bytes));
    expectRows(await readWhitelistSheet(file));
  });

  it('reads the first sheet of an XLSX workbook, numbers and text cells alike', async () => {
    const file = join(dir, 'batch.xlsx');
    // The amount 0.07 and the 联行号 as number cells, as Excel keeps digits typed into them; the rest as text cells.
    const rows = ROWS.map((row) =>
      row.map((cell, i) => ((i === 6 && cell === '0.07') || (i === 7 && cell !== '') ? Number(cell) : cell)),
    );
    await writeExcelFile([HEADER, ...rows], { sheet: '白名单' }).toFile(file);
    expectRows(await readWhitelistSheet(file));
  });

  it('reads a sheet without a 联行号 column, and the column under its other names', () => {
    const header = HEADER.slice(1, 7);
    const row = ROWS[0]?.slice(1, 7) ?? [];
    expect(entriesOfRows([header, row])[0]?.entry).not.toHaveProperty('bankCode');
    expect(
      entriesOfRows([
        [...header, 'CNAPS'],
        [...row, '102428000123'],
      ])[0]?.entry.bankCode,
    ).toBe('102428000123');
  });

  it('refuses a file that is not a workbook, as a sheet error the tool reports', async () => {
    const file = join(dir, 'not-a-workbook.xlsx');
    await writeFile(file, '统一社会信用代码,企业名称\r\n');
    await expect(readWhitelistSheet(file)).rejects.toThrow(SheetError);
  });

  it('refuses a sheet without the columns it needs, naming them', async () => {
    const file = join(dir, 'short.csv');
    await writeFile(
      file,
      csvOf([
        ['统一社会信用代码', '企业名称'],
        ['x', 'y'],
      ]),
    );
    await expect(readWhitelistSheet(file)).rejects.toThrow(SheetError);
    await expect(readWhitelistSheet(file)).rejects.toThrow(
      /开户银行、银行账号、账户名称、金额（元）或 金额（分）/,
    );
  });

  it('converts yuan to fen exactly', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen('1，000')).toBe(100_000);
    expect(yuanToFen('1.005')).toBeUndefined();
    expect(yuanToFen('壹佰')).toBeUndefined();
    expect(parseCsv('a,"b\nc"\n')).toEqual([['a', 'b\nc']]);
  });
});

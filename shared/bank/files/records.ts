// Rows of text cells into the bytes of a file in a layout: CSV with its separator and quoting, fixed-width columns
// padded to their bytes, or an XLSX sheet of text cells. Every cell is checked first, so a file is written whole or
// refused with the line and the column that cannot be written.
import { unzipSync, zipSync } from 'fflate';
import writeExcelFile, { type Cell as ExcelCell } from 'write-excel-file/node';
import { BankFileError } from './errors.ts';
import type { BankFileLayout } from './layout.ts';
import { encodeText, textWidth, unencodable } from './text.ts';

export interface Placement {
  header?: string;
  width?: number;
  align: 'left' | 'right';
  pad: string;
}

export interface Cell {
  text: string;
  column: Placement;
  /** Where the cell is, for a refusal: "第 2 笔（case-123）的“收款户名”". */
  where: string;
  details: Record<string, unknown>;
}

const LINE_BREAK = /[\r\n\u2028\u2029]/;

function checked(layout: BankFileLayout, cell: Cell): string {
  const { text, column, where, details } = cell;
  if (LINE_BREAK.test(text))
    throw new BankFileError(
      'LINE_BREAK_IN_FIELD',
      `${where}含换行，银行文件不能写入，请改正后重新生成`,
      details,
    );
  const bad = layout.format === 'xlsx' ? undefined : unencodable(text, layout.encoding);
  if (bad !== undefined)
    throw new BankFileError(
      'CHARACTER_NOT_ENCODABLE',
      `${where}含字符“${bad}”，银行文件的 GBK 编码无法表示，请改用常用字后重新生成`,
      { ...details, character: bad },
    );
  if (layout.format === 'csv' && layout.quoting === 'none' && text.includes(layout.separator))
    throw new BankFileError(
      'SEPARATOR_IN_FIELD',
      `${where}含分隔符“${layout.separator}”，此银行格式不能写入，请改正后重新生成`,
      details,
    );
  if (column.width !== undefined) {
    const width = textWidth(text, layout.format === 'xlsx' ? 'utf-8' : layout.encoding) as number;
    const unit = layout.encoding === 'gbk' && layout.format !== 'xlsx' ? '字节' : '个字';
    if (width > column.width)
      throw new BankFileError(
        'FIELD_TOO_LONG',
        `${where}长 ${width} ${unit}，银行格式最多 ${column.width} ${unit}，请缩短后重新生成`,
        { ...details, width, limit: column.width },
      );
    if (layout.format === 'fixed') {
      const fill = column.pad.repeat(column.width - width);
      return column.align === 'right' ? fill + text : text + fill;
    }
  }
  return text;
}

const quoted = (text: string, separator: string) =>
  text.includes(separator) || text.includes('"') ? `"${text.replaceAll('"', '""')}"` : text;

/** One line of a text file, its cells checked and joined (CSV) or padded (fixed-width). */
function textLine(layout: BankFileLayout, cells: Cell[]): string {
  const texts = cells.map((cell) => checked(layout, cell));
  if (layout.format === 'fixed') return texts.join('');
  const fields = layout.quoting === 'rfc4180' ? texts.map((text) => quoted(text, layout.separator)) : texts;
  return fields.join(layout.separator) + (layout.trailingSeparator ? layout.separator : '');
}

export const CONTENT_TYPES: Record<BankFileLayout['format'], (encoding: string) => string> = {
  csv: (encoding) => `text/csv; charset=${encoding}`,
  fixed: (encoding) => `text/plain; charset=${encoding}`,
  xlsx: () => 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The time every part of a written workbook is stamped with: the ZIP format's earliest. */
const FIXED_ZIP_TIME = new Date('1980-01-01T00:00:00');

/** The rows as the bytes of a file in the layout; the same rows always give the same bytes. */
export async function fileBytes(
  layout: BankFileLayout,
  rows: Cell[][],
  sheetName = 'Sheet1',
): Promise<Uint8Array> {
  if (layout.format === 'xlsx') {
    // Every cell is text: an account number of 19 digits must never become a rounded number.
    const data: ExcelCell[][] = rows.map((row) =>
      row.map((cell): ExcelCell => ({ type: String, value: checked(layout, cell) })),
    );
    const buffer = await writeExcelFile(data, { sheet: sheetName }).toBuffer();
    // The workbook's parts are the same for the same rows, but the zip stamps each with the time it was written:
    // stamped with one fixed time instead, the same payments give the same bytes.
    const parts = unzipSync(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
    return zipSync(parts, { mtime: FIXED_ZIP_TIME });
  }
  const eol = layout.lineEnding === 'crlf' ? '\r\n' : '\n';
  const text = rows.map((row) => textLine(layout, row) + eol).join('');
  const bom = layout.encoding === 'utf-8' && layout.bom ? '\ufeff' : '';
  return encodeText(bom + text, layout.encoding);
}

// The bytes of a bank's file as records with their line (or row) number in the file: cells split by the separator,
// rows of a sheet, or fixed-width lines still as bytes, because their columns are counted in bytes.
import { InvalidInputError, InvalidSpreadsheetError, readSheet } from 'read-excel-file/node';
import { BankFileError } from './errors.ts';
import type { BankFileLayout } from './layout.ts';
import { decodeText } from './text.ts';

export type FileRecord = { line: number; cells: string[] } | { line: number; bytes: Uint8Array };

/** Delimited text into records: `rfc4180` honours quotes (a quoted field may hold the separator), `none` does not. */
function delimited(layout: BankFileLayout, text: string): FileRecord[] {
  const records: FileRecord[] = [];
  const separator = layout.separator;
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => {
    cells.push(field);
    if (layout.trailingSeparator && cells.length > 1 && cells.at(-1) === '') cells.pop();
    records.push({ line: start, cells });
    cells = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && layout.quoting === 'rfc4180' && field === '') quoted = true;
    else if (ch === separator) {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      end();
      line++;
      start = line;
    } else field += ch;
  }
  if (field !== '' || cells.length > 0) end();
  return records;
}

/** Fixed-width lines as bytes: GBK never uses 0x0A or 0x0D inside a character, so lines split safely on bytes. */
function fixedLines(layout: BankFileLayout, bytes: Uint8Array): FileRecord[] {
  const records: FileRecord[] = [];
  let from =
    layout.encoding === 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  while (from < bytes.length) {
    let to = bytes.indexOf(0x0a, from);
    if (to < 0) to = bytes.length;
    const end = to > from && bytes[to - 1] === 0x0d ? to - 1 : to;
    records.push({ line, bytes: bytes.subarray(from, end) });
    from = to + 1;
    line++;
  }
  return records;
}

/** A sheet cell as text: a date as its day, a number as the shortest decimal that reads as it. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

async function sheetRows(bytes: Uint8Array): Promise<FileRecord[]> {
  const rows = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    trim: false,
  }).catch((error: unknown) => {
    if (error instanceof InvalidSpreadsheetError || error instanceof InvalidInputError)
      throw new BankFileError('FILE_UNREADABLE', '文件不是可读取的 .xlsx 工作簿，请从网银重新下载');
    throw error;
  });
  return rows.map((row, index) => {
    const cells = row.map(cellText);
    while (cells.length > 0 && cells.at(-1)?.trim() === '') cells.pop();
    return { line: index + 1, cells };
  });
}

/** The file's records in order, blank lines included (a record of no or only empty cells, or no bytes). */
export async function fileRecords(layout: BankFileLayout, bytes: Uint8Array): Promise<FileRecord[]> {
  if (layout.format === 'xlsx') return sheetRows(bytes);
  if (layout.format === 'fixed') return fixedLines(layout, bytes);
  return delimited(layout, decodeText(bytes, layout.encoding));
}

export const isBlank = (record: FileRecord) =>
  'cells' in record
    ? record.cells.every((cell) => cell.trim() === '')
    : record.bytes.every((byte) => byte === 0x20);

/** Width of a record as the layout counts it: bytes in GBK, characters in UTF-8. */
export function recordWidth(layout: BankFileLayout, bytes: Uint8Array): number {
  return layout.encoding === 'gbk' ? bytes.length : [...decodeText(bytes, 'utf-8')].length;
}

/**
 * A fixed-width record cut into its columns (untrimmed); undefined when a column's bytes are not text in the
 * encoding (a Chinese character cut in half, or not GBK at all). A short line's missing columns are empty.
 */
export function fixedCells(
  layout: BankFileLayout,
  bytes: Uint8Array,
  widths: number[],
): string[] | undefined {
  try {
    if (layout.encoding === 'gbk') {
      let at = 0;
      return widths.map((width) => {
        const cell = decodeText(bytes.subarray(at, at + width), 'gbk', true);
        at += width;
        return cell;
      });
    }
    const chars = [...decodeText(bytes, 'utf-8', true)];
    let at = 0;
    return widths.map((width) => {
      const cell = chars.slice(at, at + width).join('');
      at += width;
      return cell;
    });
  } catch {
    return undefined;
  }
}

// The bank's files read back in its layout: the result of a payment file (paid or refused, with the bank's reason),
// return notices (退汇) and the daily statement (对账单). A file not in the layout is refused whole, never half read;
// one unreadable line is set aside with its number and the rest are read.
import { type AmountUnit, parseAmount } from './amounts.ts';
import { BankFileError, type LineRefusalCode } from './errors.ts';
import { type FileRecord, fileRecords, fixedCells, isBlank, recordWidth } from './file-records.ts';
import {
  type BankFileLayout,
  FIELD_LABELS,
  type IncomingColumn,
  type IncomingFile,
  type IncomingKind,
  type Outcome,
} from './layout.ts';

export interface BankFileLine {
  /** The line (text files) or row (XLSX) of the file, from 1. */
  line: number;
  reference: string;
  amountFen: number;
  outcome: Outcome;
  reason?: string;
  accountNo?: string;
  accountName?: string;
  /** YYYY-MM-DD, or YYYY-MM-DDTHH:mm:ss+08:00 when the bank gives the time (banks write Beijing time). */
  at?: string;
}

export interface RefusedLine {
  line: number;
  code: LineRefusalCode;
  message: string;
}

export interface BankFileRead {
  lines: BankFileLine[];
  refused: RefusedLine[];
}

const KIND_NAMES: Record<IncomingKind, string> = {
  result: '处理结果文件',
  return: '退汇通知',
  statement: '对账单',
};

const TIME = /^(\d{4})[-/]?(\d{2})[-/]?(\d{2})(?:(?:[ T]|(?<=^\d{8}))(\d{2}):?(\d{2}):?(\d{2})(?:\.\d+)?)?$/;

/** The bank's date or time as ISO 8601 (Beijing time); undefined when it is not one of the forms banks write. */
export function bankTime(text: string): string | undefined {
  const match = TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  const date = `${year}-${month}-${day}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return undefined;
  if (hour === undefined) return date;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  return `${date}T${hour}:${minute}:${second}+08:00`;
}

const columnName = (column: IncomingColumn) => column.header ?? FIELD_LABELS[column.field];

/** The cells of a record in the kind's columns, or why the record has another shape. */
function cellsOf(
  layout: BankFileLayout,
  spec: IncomingFile,
  record: FileRecord,
): { cells: string[] } | { code: 'COLUMN_COUNT' | 'LINE_WIDTH' | 'TEXT_UNREADABLE'; message: string } {
  const expected = spec.columns.length;
  if ('cells' in record) {
    const count = record.cells.length;
    // A sheet leaves trailing empty cells out; a text file writes every separator.
    if (layout.format === 'xlsx' ? count > expected : count !== expected)
      return { code: 'COLUMN_COUNT', message: `应有 ${expected} 列，此行有 ${count} 列` };
    if (record.cells.some((cell) => cell.includes('\ufffd')))
      return { code: 'TEXT_UNREADABLE', message: `此行有不是 ${layout.encoding.toUpperCase()} 编码的字节` };
    return { cells: [...record.cells, ...Array<string>(expected - count).fill('')] };
  }
  const widths = spec.columns.map((column) => column.width as number);
  const total = widths.reduce((sum, width) => sum + width, 0);
  const width = recordWidth(layout, record.bytes);
  // Some banks' systems trim the padding at a line's end; otherwise a line of another width is another layout.
  if (width > total || (width < total && !layout.trimsLineEnds))
    return { code: 'LINE_WIDTH', message: `每行应为 ${total} ${unit(layout)}，此行为 ${width}` };
  const cells = fixedCells(layout, record.bytes, widths);
  if (!cells)
    return { code: 'TEXT_UNREADABLE', message: `此行有不是 ${layout.encoding.toUpperCase()} 编码的字节` };
  return { cells };
}

const unit = (layout: BankFileLayout) => (layout.encoding === 'gbk' ? '字节' : '个字');

function checkHeader(
  layout: BankFileLayout,
  kind: IncomingKind,
  spec: IncomingFile,
  record: FileRecord | undefined,
) {
  const name = `${KIND_NAMES[kind]}的表头与版式“${layout.name}”不符`;
  const cells = record && 'cells' in record ? record.cells.map((cell) => cell.trim()) : [];
  const expected = spec.columns.map((column) => column.header ?? '');
  const differs = expected.findIndex((header, index) => cells[index] !== header);
  if (differs >= 0)
    throw new BankFileError(
      'HEADER_MISMATCH',
      `${name}：第 ${differs + 1} 列应为“${expected[differs]}”，文件中为“${cells[differs] ?? '（无）'}”。请确认选择了正确的银行格式，或从网银重新下载`,
      { line: record?.line, column: expected[differs], found: cells[differs] ?? null },
    );
  if (cells.length > expected.length)
    throw new BankFileError(
      'HEADER_MISMATCH',
      `${name}：应有 ${expected.length} 列，文件中有 ${cells.length} 列。请确认选择了正确的银行格式`,
      { line: record?.line, expected: expected.length, found: cells.length },
    );
}

function readLine(
  layout: BankFileLayout,
  spec: IncomingFile,
  line: number,
  cells: string[],
): BankFileLine | RefusedLine {
  const values: Partial<Record<IncomingColumn['field'], string>> = {};
  spec.columns.forEach((column, index) => {
    if (column.field !== 'ignore') values[column.field] = (cells[index] ?? '').trim();
  });
  const refuse = (code: LineRefusalCode, message: string): RefusedLine => ({ line, code, message });
  const column = (field: IncomingColumn['field']) =>
    columnName(spec.columns.find((candidate) => candidate.field === field) as IncomingColumn);
  const reference = values.reference ?? '';
  if (reference === '')
    return refuse('REFERENCE_EMPTY', `第 ${line} 行的“${column('reference')}”为空，无法对应付款`);
  const amountText = values.amount ?? '';
  const amountFen = parseAmount(amountText, layout.amount as AmountUnit);
  if (amountFen === undefined)
    return refuse(
      'AMOUNT_INVALID',
      `第 ${line} 行的金额“${amountText}”不是${layout.amount === 'yuan' ? '以元计、至多两位小数的' : '以分计的整'}数`,
    );
  let outcome = spec.outcome;
  if (values.outcome !== undefined) {
    outcome = spec.outcomes[values.outcome];
    if (outcome === undefined)
      return refuse(
        'OUTCOME_UNKNOWN',
        `第 ${line} 行的“${column('outcome')}”为“${values.outcome}”，不是版式认得的：${Object.keys(spec.outcomes).join('、')}`,
      );
  }
  let at: string | undefined;
  if (values.at) {
    at = bankTime(values.at);
    if (at === undefined)
      return refuse('TIME_INVALID', `第 ${line} 行的时间“${values.at}”不是可识别的日期或时间`);
  }
  return {
    line,
    reference,
    amountFen,
    outcome: outcome as Outcome,
    ...(values.reason ? { reason: values.reason } : {}),
    ...(values.accountNo ? { accountNo: values.accountNo } : {}),
    ...(values.accountName ? { accountName: values.accountName } : {}),
    ...(at ? { at } : {}),
  };
}

/**
 * Reads a result, return or statement file of the layout. Throws BankFileError when the file is not in the layout
 * (HEADER_MISMATCH, LAYOUT_MISMATCH, FILE_UNREADABLE, KIND_NOT_IN_LAYOUT); lines it cannot read are in `refused`.
 */
export async function readBankFile(
  layout: BankFileLayout,
  kind: IncomingKind,
  bytes: Uint8Array,
): Promise<BankFileRead> {
  const spec = layout[kind];
  if (!spec)
    throw new BankFileError(
      'KIND_NOT_IN_LAYOUT',
      `版式“${layout.name}”没有${KIND_NAMES[kind]}的格式，请补充版式`,
    );
  const records = (await fileRecords(layout, bytes))
    .slice(spec.skipLines)
    .filter((record) => !isBlank(record));
  let body = records;
  if (spec.header) {
    checkHeader(layout, kind, spec, records[0]);
    body = records.slice(1);
  } else if (records[0]) {
    // Without a header, the first line's shape is what says whether the file is in this layout at all.
    const shape = cellsOf(layout, spec, records[0]);
    if (!('cells' in shape) && shape.code !== 'TEXT_UNREADABLE')
      throw new BankFileError(
        'LAYOUT_MISMATCH',
        `${KIND_NAMES[kind]}的格式与版式“${layout.name}”不符：第 ${records[0].line} 行${shape.message}。请确认选择了正确的银行格式`,
        { line: records[0].line },
      );
  }
  const read: BankFileRead = { lines: [], refused: [] };
  for (const record of body) {
    const shape = cellsOf(layout, spec, record);
    const result =
      'cells' in shape
        ? readLine(layout, spec, record.line, shape.cells)
        : { line: record.line, code: shape.code, message: `第 ${record.line} 行${shape.message}` };
    if ('code' in result) read.refused.push(result);
    else read.lines.push(result);
  }
  return read;
}

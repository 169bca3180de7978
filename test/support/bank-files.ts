// The county's bank, simulated at the file level: it writes result, return (退汇) and statement (对账单) files in a
// layout, and reads a payment file back cell by cell, so tests can play the bank for every layout Huiqi ships.
import { formatAmount } from '../../shared/bank/files/amounts.ts';
import { fileRecords, fixedCells, isBlank } from '../../shared/bank/files/file-records.ts';
import type {
  BankFileLayout,
  IncomingColumn,
  IncomingKind,
  Outcome,
  TIME_FORMATS,
} from '../../shared/bank/files/layout.ts';
import type { BankFileLine } from '../../shared/bank/files/read.ts';
import { type Cell, fileBytes, type Placement } from '../../shared/bank/files/records.ts';

/**
 * A line the bank writes: what Huiqi reads back from it (`at` given as YYYY-MM-DD or YYYY-MM-DDTHH:mm:ss, Beijing
 * time, and written in the column's time format), without the line number the file gives it.
 */
export interface BankLine extends Omit<BankFileLine, 'line'> {
  /** Cells written exactly as given instead, to play a bank that writes something unexpected. */
  text?: Partial<Record<IncomingColumn['field'], string>>;
}

export interface BankFileOptions {
  /** Header texts written instead of the layout's (a bank that changed its template). */
  header?: string[];
  /** Lines before the header, as many as the layout skips (a title, the bank's summary line). */
  preamble?: string[];
}

function timeText(iso: string, format: (typeof TIME_FORMATS)[number] = 'YYYY-MM-DD HH:mm:ss'): string {
  const [date = '', time = '00:00:00'] = iso.split('T');
  const clock = time.slice(0, 8);
  switch (format) {
    case 'YYYYMMDD':
      return date.replaceAll('-', '');
    case 'YYYY-MM-DD':
      return date;
    case 'YYYYMMDDHHmmss':
      return `${date.replaceAll('-', '')}${clock.replaceAll(':', '')}`;
    case 'YYYY-MM-DD HH:mm:ss':
      return `${date} ${clock}`;
  }
}

const FREE: Placement = { align: 'left', pad: ' ' };

/** A result, return or statement file as the bank would send it in the layout. */
export async function bankResultFile(
  layout: BankFileLayout,
  kind: IncomingKind,
  lines: BankLine[],
  options: BankFileOptions = {},
): Promise<Uint8Array> {
  const spec = layout[kind];
  if (!spec) throw new Error(`layout ${layout.id} has no ${kind} file`);
  const cell = (text: string, column: Placement): Cell => ({ text, column, where: 'bank', details: {} });
  const rows: Cell[][] = [];
  for (let index = 0; index < spec.skipLines; index++)
    rows.push([cell(options.preamble?.[index] ?? `银行文件 ${kind} 第 ${index + 1} 行`, FREE)]);
  if (spec.header)
    rows.push(
      spec.columns.map((column, index) => cell(options.header?.[index] ?? column.header ?? '', column)),
    );
  const word = (outcome: Outcome) =>
    Object.entries(spec.outcomes).find(([, meaning]) => meaning === outcome)?.[0] ?? '';
  for (const line of lines)
    rows.push(
      spec.columns.map((column) => {
        const given = line.text?.[column.field];
        if (given !== undefined) return cell(given, column);
        const value: Record<IncomingColumn['field'], string> = {
          reference: line.reference,
          amount: formatAmount(line.amountFen, layout.amount),
          outcome: word(line.outcome),
          reason: line.reason ?? '',
          accountNo: line.accountNo ?? '',
          accountName: line.accountName ?? '',
          at: line.at ? timeText(line.at, column.timeFormat) : '',
          ignore: '',
        };
        return cell(value[column.field], column);
      }),
    );
  return fileBytes(layout, rows, kind);
}

export interface PaymentFileBack {
  summary?: string[];
  header?: string[];
  /** Each line's cells, trimmed, in the layout's column order. */
  lines: string[][];
  /** Each line's cells by field (the first column of a field). */
  fields: Record<string, string>[];
}

/** The payment file read back as the bank's import would: its summary, header and each line's cells. */
export async function readPaymentFileBack(
  layout: BankFileLayout,
  bytes: Uint8Array,
): Promise<PaymentFileBack> {
  const records = (await fileRecords(layout, bytes)).filter((record) => !isBlank(record));
  const cut = (record: (typeof records)[number], widths: number[]) => {
    const cells = 'cells' in record ? record.cells : fixedCells(layout, record.bytes, widths);
    if (!cells) throw new Error(`line ${record.line} is not ${layout.encoding}`);
    return cells.map((cell) => cell.trim());
  };
  const back: PaymentFileBack = { lines: [], fields: [] };
  let rest = records;
  const summary = layout.payment.summary;
  if (summary && rest[0]) {
    back.summary = cut(
      rest[0],
      summary.map((column) => column.width ?? 0),
    );
    rest = rest.slice(1);
  }
  if (layout.payment.header && layout.format !== 'fixed' && rest[0]) {
    back.header = cut(rest[0], []);
    rest = rest.slice(1);
  }
  const widths = layout.payment.columns.map((column) => column.width ?? 0);
  for (const record of rest) {
    const cells = cut(record, widths);
    back.lines.push(cells);
    const fields: Record<string, string> = {};
    layout.payment.columns.forEach((column, index) => {
      fields[column.field] ??= cells[index] ?? '';
    });
    back.fields.push(fields);
  }
  return back;
}

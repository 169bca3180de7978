// XLSX workbooks for people to open in Excel: every cell text, and text that would start a formula made inert.
import writeExcelFile, { type Cell } from 'write-excel-file/node';
import { inert } from './csv.ts';

export interface XlsxSheet {
  name: string;
  /** Rows of text cells; a 19-digit account number stays text, never a rounded number. */
  rows: string[][];
  /** Zero-based index of the row shown in bold (the column headings). */
  headingRow?: number;
  /** Column widths in characters, in column order. */
  widths?: number[];
}

/**
 * One sheet as XLSX bytes. A string cell is not evaluated when opened, but finance copies cells, re-saves as CSV and
 * edits them, and Excel then runs `=…`: text users typed is made inert here as in `csvText`.
 */
export async function xlsxBytes(sheet: XlsxSheet): Promise<Uint8Array> {
  const data: Cell[][] = sheet.rows.map((row, index) =>
    row.map(
      (text): Cell => ({
        type: String,
        value: inert(text),
        ...(index === sheet.headingRow ? { fontWeight: 'bold' as const } : {}),
      }),
    ),
  );
  const buffer = await writeExcelFile(data, {
    sheet: sheet.name,
    columns: sheet.widths?.map((width) => ({ width })),
  }).toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

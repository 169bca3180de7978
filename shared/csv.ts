// CSV as spreadsheets exchange it: a department's whitelist, the bank's daily statement, finance's reports.

/** RFC 4180 fields: quotes, doubled quotes, commas and line breaks inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const quoted = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Text a spreadsheet would run as a formula (OWASP "CSV injection"); a plain number such as -1,200.00 is not one. */
const FORMULA = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?\d[\d,]*(\.\d+)?$/;
/** Text users typed (names, reasons, notes) is opened in Excel by finance: it must never run as a formula. */
export const inert = (value: string) =>
  FORMULA.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;

/**
 * CSV text with a byte-order mark, so Excel on Chinese Windows opens the UTF-8 headers as Chinese. Text that would
 * start a formula is made inert, unless the file is for a program (the bank's statement) that reads it back exactly.
 */
export function csvText(rows: (string | number)[][], options: { forSpreadsheets?: boolean } = {}): string {
  const cell =
    options.forSpreadsheets === false
      ? String
      : (value: string | number) => (typeof value === 'number' ? String(value) : inert(value));
  return `\ufeff${rows.map((row) => row.map((value) => quoted(cell(value))).join(',')).join('\r\n')}\r\n`;
}

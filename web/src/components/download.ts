// Files the browser saves for a person: a list they export, or a report the API hands only to a token.
import { csvText } from '../../../shared/csv.ts';

/** Saves the content under the name, as the browser's own download does. */
export function saveFile(content: Blob, fileName: string): void {
  const url = URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  // Some browsers follow a click only on a link in the document.
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const cellOf = (value: unknown): string | number =>
  typeof value === 'number' ? value : value === undefined || value === null ? '' : String(value);

/**
 * A table as CSV that Excel on Chinese Windows opens with its Chinese headers; text people typed that Excel would
 * run as a formula is made inert.
 */
export function saveCsv(fileName: string, rows: unknown[][]): void {
  const cells = rows.map((row) => row.map(cellOf));
  saveFile(new Blob([csvText(cells)], { type: 'text/csv;charset=utf-8' }), fileName);
}

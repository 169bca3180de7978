// Files the browser saves for a person: a list they export, or a report the API hands only to a token.
import { csvText } from '../../../shared/csv.ts';

/** Saves the content under the name, as the browser's own download does. */
export function saveFile(content: Blob, fileName: string): void {
  const url = URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The click has handed the blob to the download; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A table as CSV that Excel on Chinese Windows opens with its Chinese headers. */
export function saveCsv(fileName: string, rows: (string | number)[][]): void {
  saveFile(new Blob([csvText(rows)], { type: 'text/csv;charset=utf-8' }), fileName);
}

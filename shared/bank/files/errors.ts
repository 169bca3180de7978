// Why a payment file cannot be written, or a bank's file cannot be read: a stable code the payer and the API act on,
// and a Chinese message that says what is wrong and where, so finance can fix the data or ask the bank.
import { DomainError } from '../../errors.ts';

/** Refusals of a whole payment file (a line that cannot be written) or of a whole bank file (not in the layout). */
export const BANK_FILE_ERROR_CODES = [
  /** A text field holds the layout's separator (or a double quote) and the layout writes no quotes. */
  'SEPARATOR_IN_FIELD',
  /** A text field holds a line break, which no bank import reads as part of a field. */
  'LINE_BREAK_IN_FIELD',
  /** Longer than the column's width (bytes in GBK, characters in UTF-8). */
  'FIELD_TOO_LONG',
  /** A character the file's encoding (GBK) has no code for, such as an emoji. */
  'CHARACTER_NOT_ENCODABLE',
  /** A required field (reference, account number, account name) is empty. */
  'FIELD_EMPTY',
  /** A payee at another bank has no CNAPS bank code (联行号), which this bank needs for a cross-bank payment. */
  'BANK_CODE_REQUIRED',
  /** The layout tells same-bank from cross-bank payments, and the payer's own bank is not given. */
  'PAYER_BANK_REQUIRED',
  /** An amount that is not a positive whole number of fen. */
  'AMOUNT_INVALID',
  /** Two lines carry one reference: the bank's result could not say which of them it answers. */
  'REFERENCE_DUPLICATE',
  /** The payment file has no lines. */
  'FILE_EMPTY',
  /** The layout describes no file of this kind (result, return, statement). */
  'KIND_NOT_IN_LAYOUT',
  /** The bank's file's header row differs from the layout's. */
  'HEADER_MISMATCH',
  /** The bank's file's lines are not shaped as the layout says (width, number of columns). */
  'LAYOUT_MISMATCH',
  /** The bytes are not a file of the layout's format at all (a broken workbook). */
  'FILE_UNREADABLE',
  /** A layout (a county's JSON) that the schema refuses. */
  'LAYOUT_INVALID',
] as const;
export type BankFileErrorCode = (typeof BANK_FILE_ERROR_CODES)[number];

export class BankFileError extends DomainError {
  constructor(
    override readonly code: BankFileErrorCode,
    message: string,
    details?: { line?: number; column?: string; field?: string; [key: string]: unknown },
  ) {
    super(code, 422, message, details);
    this.name = 'BankFileError';
  }
}

/** Why one line of a bank's file was not read; the rest of the file still is. */
export const LINE_REFUSAL_CODES = [
  'REFERENCE_EMPTY',
  'AMOUNT_INVALID',
  'OUTCOME_UNKNOWN',
  'TIME_INVALID',
  'COLUMN_COUNT',
  'LINE_WIDTH',
  'TEXT_UNREADABLE',
] as const;
export type LineRefusalCode = (typeof LINE_REFUSAL_CODES)[number];

// Bank files: the payment files Huiqi makes for the payer to upload to online banking, and the result, return and
// statement files the payer brings back. Each is a record (who, when, how many lines, how much) beside its bytes in
// object storage; the records and their ports are here, the making and importing in payment-files.ts and imports.ts.
import * as z from 'zod';
import { plainText } from '../validation.ts';
import type { BankLine } from './file-exchange.ts';
import type { BankFileLine, RefusedLine } from './files/index.ts';
import type { StatementLine } from './statement.ts';

export const BANK_FILE_KINDS = ['payment', 'result', 'return', 'statement'] as const;
export type BankFileKind = (typeof BANK_FILE_KINDS)[number];
export const IMPORTED_KINDS = ['result', 'return', 'statement'] as const;
export type ImportedKind = (typeof IMPORTED_KINDS)[number];

/**
 * `building`/`ready`: a payment file being gathered, then written and listed; `applying`/`applied`: an imported file
 * whose lines are being applied, then all applied (an import cut short is taken up again by the same file).
 */
export type BankFileStatus = 'building' | 'ready' | 'applying' | 'applied';

/** A line Huiqi could not take from the bank's file, or could not put into a payment file. */
export interface BankFileRefusal {
  line: number;
  code: string;
  message: string;
  reference?: string;
}

export interface BankFileRecord {
  id: string;
  kind: BankFileKind;
  status: BankFileStatus;
  divisionCode: string;
  fileName: string;
  contentType: string;
  objectKey: string;
  /** SHA-256 of the bytes: the same file imported again is found by it. */
  digest: string;
  lines: number;
  amountFen: number;
  /** A payment file's number, unique per division and cut-off. */
  fileNo?: string;
  cutOff?: string;
  /** Imported lines applied, and those refused with why. */
  applied?: number;
  refused?: BankFileRefusal[];
  createdAt: string;
  /** Who imported it (a payment file is made by the platform). */
  createdBy?: string;
  /** Who downloaded a payment file when: each download after the first is a copy of the same file. */
  downloads?: { by: string; at: string }[];
}

export interface BankFileQuery {
  divisionCode: string;
  kind?: BankFileKind;
  /** Asia/Shanghai dates, inclusive. */
  from?: string;
  to?: string;
}

export interface BankFileStore {
  get(id: string): Promise<BankFileRecord | undefined>;
  /** Stores the record unless its id exists; returns the stored one either way. */
  createOnce(record: BankFileRecord): Promise<BankFileRecord>;
  /** Moves the record on from `from`, with the fields given; false if it was not in `from`. */
  finish(id: string, from: BankFileStatus, fields: Partial<BankFileRecord>): Promise<boolean>;
  list(query: BankFileQuery): Promise<BankFileRecord[]>;
  /** Records a download and returns the record as it was before it (so the caller knows a copy from the first). */
  recordDownload(id: string, download: { by: string; at: string }): Promise<BankFileRecord | undefined>;
}

export interface BankLineStore {
  /** A division's outbox lines instructed up to `upTo`, oldest first. */
  queued(divisionCode: string, upTo: string): Promise<BankLine[]>;
  /** Puts queued lines into a payment file; those another file took first are left out. */
  file(lines: BankLine[], fileId: string): Promise<void>;
  /** The lines of a payment file. */
  ofFile(fileId: string): Promise<BankLine[]>;
  /** The lines a file answered (a payment file: those it refused back; a result file: those it answered). */
  answeredBy(fileId: string): Promise<BankLine[]>;
  get(references: string[]): Promise<Map<string, BankLine>>;
  /**
   * Records the bank's answer to a filed line once: false if it had one already (then `get` says which). A line the
   * bank never had (`queued`) is answered only by refusing it before it goes into a file.
   */
  answer(
    reference: string,
    answer: { status: 'paid' | 'refused'; reason?: string; fileId: string; at: string },
    from: 'filed' | 'queued',
  ): Promise<boolean>;
  /** A return notice (退汇) once per reference; returns the file that holds it (another's: imported before). */
  putReturn(
    notice: { reference: string; paymentId: string; amountFen: number; reason: string; at: string },
    fileId: string,
  ): Promise<string>;
  /** A statement's lines as the bank wrote them (a line twice is evidence of a payment made twice). */
  putStatement(lines: StatementEntry[], fileId: string): Promise<void>;
}

/**
 * A statement line as the bank's file gave it: a line of the statement reconciliation reads, whose `paymentId` is the
 * attempt the reference stands for (`attemptRef`), or the reference itself when Huiqi never sent it.
 */
export interface StatementEntry extends StatementLine {
  line: number;
  reference: string;
}

export interface BankFileObjects {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array>;
}

/** POST /bank-files: a file the bank gave the payer. */
export const bankFileUpload = z.strictObject({
  kind: z.enum(IMPORTED_KINDS),
  fileName: plainText(
    z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^/\\]+$/, '文件名不能含路径'),
  ),
  contentBase64: z.base64('文件内容应为 base64 编码').min(1, '文件是空的'),
});

/** GET /bank-files */
export const bankFileQuery = z.strictObject({
  kind: z.enum(BANK_FILE_KINDS).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export type { BankFileLine, RefusedLine };

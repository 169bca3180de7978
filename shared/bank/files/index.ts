// Bank file layouts: Huiqi writes the county bank's batch payment file and reads its result, return (退汇) and
// statement (对账单) files, each in the bank's own template, which is data (a JSON layout), not code.

import { BankFileError } from './errors.ts';
import { type BankFileLayout, bankFileLayout } from './layout.ts';
import fixedGbk from './layouts/fixed-gbk.json' with { type: 'json' };
import generic from './layouts/generic.json' with { type: 'json' };
import icbcBatchXlsx from './layouts/icbc-batch-xlsx.json' with { type: 'json' };

export { formatAmount, parseAmount } from './amounts.ts';
export { sameBank } from './cross-bank.ts';
export {
  BANK_FILE_ERROR_CODES,
  BankFileError,
  type BankFileErrorCode,
  LINE_REFUSAL_CODES,
} from './errors.ts';
export { decodeGbk, encodeGbk, GbkError } from './gbk.ts';
export {
  type BankFileLayout,
  type BankFileLayoutInput,
  bankFileLayout,
  type IncomingKind,
  type Outcome,
} from './layout.ts';
export { type BankFileLine, type BankFileRead, bankTime, type RefusedLine, readBankFile } from './read.ts';
export {
  type BankParty,
  type PaymentFile,
  type PaymentFileLine,
  type WrittenFile,
  writePaymentFile,
} from './write.ts';

/** The layouts that ship, by id; validated when first loaded, so a broken file fails at start, not at payout. */
export const BANK_FILE_LAYOUTS: Readonly<Record<string, BankFileLayout>> = Object.fromEntries(
  [generic, icbcBatchXlsx, fixedGbk].map((layout) => {
    const parsed = bankFileLayout.parse(layout);
    return [parsed.id, parsed];
  }),
);

/** A shipped layout by id; undefined for an unknown id. */
export const bankFileLayoutById = (id: string): BankFileLayout | undefined => BANK_FILE_LAYOUTS[id];

/** A county's own layout (its JSON, parsed), validated; BankFileError `LAYOUT_INVALID` lists what is wrong where. */
export function parseBankFileLayout(data: unknown): BankFileLayout {
  const parsed = bankFileLayout.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new BankFileError(
    'LAYOUT_INVALID',
    `银行文件版式不符合要求：${issues.map((issue) => `${issue.path || '（整体）'}：${issue.message}`).join('；')}`,
    { issues },
  );
}

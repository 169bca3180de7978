// How a deployment reaches its bank, as its functions read it from their environment: the adapter, the file layout,
// each division's payer account and the cut-offs at which payment files are made. The stack writes these from the
// deployment's context (infra/lib/bank-choice.ts), checked there, so a function never starts half configured.
import * as z from 'zod';
import { bankAccount } from '../enterprises/types.ts';
import { type BankFileLayout, bankFileLayoutById, parseBankFileLayout } from './files/index.ts';

export const BANK_ADAPTERS = ['simulated', 'file'] as const;
export type BankAdapter = (typeof BANK_ADAPTERS)[number];

/** The payer's account of each division (its clearing account at the bank), by division code. */
export const payerAccounts = z.record(z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字'), bankAccount);
export type PayerAccounts = z.infer<typeof payerAccounts>;

/** Cut-offs are Beijing clock times, "HH:MM", at which the day's payment files are made. */
const CUT_OFF = /^([01]\d|2[0-3]):[0-5]\d$/;
export const DEFAULT_CUT_OFFS = ['10:00', '15:00'];

export function parseCutOffs(text: string): string[] {
  const cutOffs = text
    .split(',')
    .map((each) => each.trim())
    .filter((each) => each !== '');
  const wrong = cutOffs.find((each) => !CUT_OFF.test(each));
  if (wrong !== undefined || cutOffs.length === 0)
    throw new Error(`bank cut-offs must be Beijing times HH:MM, comma-separated; got "${text}"`);
  return [...new Set(cutOffs)].sort();
}

/** A shipped layout's id, or a county's own layout as JSON text. */
export function layoutOf(setting: string): BankFileLayout {
  const trimmed = setting.trim();
  if (trimmed.startsWith('{')) return parseBankFileLayout(JSON.parse(trimmed));
  const layout = bankFileLayoutById(trimmed);
  if (!layout) throw new Error(`bank layout "${setting}" is neither a shipped layout nor a layout's JSON`);
  return layout;
}

export interface FileBankSettings {
  layout: BankFileLayout;
  payers: PayerAccounts;
  cutOffs: string[];
}

/** The file-exchange settings from the environment; throws at cold start when they are missing or wrong. */
export function fileBankSettings(env: NodeJS.ProcessEnv = process.env): FileBankSettings {
  const payers = payerAccounts.safeParse(JSON.parse(env.BANK_PAYER_ACCOUNTS ?? '{}'));
  if (!payers.success || Object.keys(payers.data).length === 0)
    throw new Error('BANK_PAYER_ACCOUNTS must name the payer account of at least one division');
  return {
    layout: layoutOf(env.BANK_LAYOUT ?? 'generic'),
    payers: payers.data,
    cutOffs: parseCutOffs(env.BANK_CUT_OFFS ?? DEFAULT_CUT_OFFS.join(',')),
  };
}

// A whitelist batch (白名单批次): the enterprises a department found eligible for an `auto` policy, pushed to the
// payer in one go. Each entry is checked on its own, so one bad line is refused with its line number while the
// others are paid; the accepted entries become payout orders whose ids come from department, batch and line.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson } from '../audit/chain.ts';
import { bankAccount } from '../enterprises/types.ts';
import { yuan } from '../money.ts';
import { uscc } from '../uscc.ts';
import { plainText, toFieldIssues } from '../validation.ts';

/** What one request may carry; a larger list is pushed as several batches (the CLI splits it). */
export const MAX_BATCH_ENTRIES = 2000;

export const whitelistEntry = z
  .strictObject({
    uscc,
    enterpriseName: plainText(z.string().trim().min(1).max(200)),
    bankName: bankAccount.shape.bankName,
    accountNo: bankAccount.shape.accountNo,
    accountName: bankAccount.shape.accountName,
    bankCode: bankAccount.shape.bankCode,
    amountFen: z.number().int('金额应为整数（分）').positive('金额应大于 0').max(Number.MAX_SAFE_INTEGER),
  })
  .superRefine((entry, ctx) => {
    // The payer pays only to an account in the enterprise's own name.
    if (entry.accountName !== entry.enterpriseName) {
      ctx.addIssue({
        code: 'custom',
        path: ['accountName'],
        message: '银行账户户名须与企业名称一致',
        params: { code: 'ACCOUNT_NAME_MISMATCH' },
      });
    }
  });
export type WhitelistEntry = z.infer<typeof whitelistEntry>;

export const whitelistBatchBody = z.strictObject({
  policyId: plainText(z.string().min(1).max(64)),
  /** The department's own reference; the same push again returns the first batch, another push under it is 409. */
  batchRef: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\w\-.#:/\u4e00-\u9fa5]+$/u, '批次号只能包含字母、数字、汉字和 - _ . # : /'),
  /** The claim period, e.g. "2026" or "2026-Q3"; the year of the push if not given. */
  period: z
    .string()
    .regex(/^\d{4}(-(Q[1-4]|H[12]|\d{2}))?$/, '期间格式应为 2026、2026-Q3、2026-H1 或 2026-07')
    .optional(),
  // Entries are checked one by one below, so a bad line is refused with its number rather than failing the batch.
  entries: z.array(z.unknown()).min(1).max(MAX_BATCH_ENTRIES),
});
export type WhitelistBatchBody = z.infer<typeof whitelistBatchBody>;

/** A refused entry: its line (1 = the first entry), a stable code and a Chinese message. */
export interface Refusal {
  line: number;
  code: string;
  message: string;
  field?: string;
}

export interface CheckedEntry extends WhitelistEntry {
  line: number;
}

/** Checks every entry against its shape, the cap and the rest of the batch. */
export function checkEntries(
  entries: unknown[],
  capFen: number | undefined,
): { accepted: CheckedEntry[]; refused: Refusal[] } {
  const accepted: CheckedEntry[] = [];
  const refused: Refusal[] = [];
  const seen = new Map<string, number>();
  entries.forEach((raw, index) => {
    const line = index + 1;
    const parsed = whitelistEntry.safeParse(raw);
    if (!parsed.success) {
      const [issue] = toFieldIssues(parsed.error, raw);
      refused.push({
        line,
        code: issue?.code ?? 'VALIDATION_FAILED',
        message: issue?.message ?? '',
        ...(issue ? { field: issue.field } : {}),
      });
      return;
    }
    const entry = parsed.data;
    if (capFen !== undefined && entry.amountFen > capFen) {
      refused.push({
        line,
        code: 'AMOUNT_OVER_CAP',
        message: `金额超过政策上限 ${yuan(capFen)} 元`,
        field: 'amountFen',
      });
      return;
    }
    const first = seen.get(entry.uscc);
    if (first !== undefined) {
      refused.push({
        line,
        code: 'DUPLICATE_ENTRY',
        message: `同一企业在本批次第 ${first} 行已列出`,
        field: 'uscc',
      });
      return;
    }
    seen.set(entry.uscc, line);
    accepted.push({ ...entry, line });
  });
  return { accepted, refused };
}

/** A batch's id is its department and reference, so the same push twice finds the first batch. */
export const batchIdOf = (departmentId: string, batchRef: string) =>
  createHash('sha256').update(`${departmentId}\n${batchRef}`).digest('hex').slice(0, 24);

/**
 * What a push asked for: its policy, its period and its entries, whatever their key order. A reference pushed again
 * with the same digest is a retry and answers the first batch; with another digest it is a different batch.
 */
export const pushDigestOf = (body: Pick<WhitelistBatchBody, 'policyId' | 'period' | 'entries'>) =>
  createHash('sha256')
    .update(canonicalJson({ policyId: body.policyId, period: body.period, entries: body.entries }))
    .digest('hex');

/** The payment of an entry: department + batch reference (through the batch id) + line. */
export const entryPaymentId = (batchId: string, line: number) =>
  `wl-${batchId}-${String(line).padStart(5, '0')}`;

export interface WhitelistBatch {
  id: string;
  departmentId: string;
  divisionCode: string;
  policyId: string;
  policyVersion: number;
  batchRef: string;
  period: string;
  /** `pushDigestOf` the push that made the batch; batches recorded before it was kept have none. */
  pushDigest?: string;
  accepted: number;
  refused: Refusal[];
  /** Accepted orders are stored in chunks; `queuedChunks` of them have been sent to the payout queue. */
  chunkCount: number;
  queuedChunks: number;
  createdAt: string;
  createdBy: string;
}

/** Entries per stored chunk: a 2,000-entry batch is 20 chunks, written with its header in one transaction. */
export const CHUNK_SIZE = 100;

// What finance sends to fund a pool or take budget back, and how budgets are asked for.
import * as z from 'zod';
import { plainText } from '../validation.ts';

const year = z.number().int().min(2000).max(2100);

export const allocationBody = z.strictObject({
  policyId: plainText(z.string().min(1).max(64)),
  year,
  /** Positive to fund the pool, negative to take budget back (adjustments, returns at settlement). */
  amountFen: z
    .number()
    .int('金额应为整数（分）')
    .refine((value) => value !== 0, '金额不能为 0')
    .refine((value) => Math.abs(value) <= 100_000_000_000, '单笔金额不能超过 10 亿元'),
  ref: plainText(z.string().trim().min(1).max(64)),
});
export type AllocationBody = z.infer<typeof allocationBody>;

export const budgetQuery = z.strictObject({
  policyId: plainText(z.string().min(1).max(64)).optional(),
  year: z.coerce.number().pipe(year).optional(),
});
export type BudgetQuery = z.infer<typeof budgetQuery>;

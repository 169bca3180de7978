// What finance and the leadership ask of oversight: statistics and risk warnings over a period.
import * as z from 'zod';
import { isoDate } from '../dates.ts';
import { WARNING_COLOURS, WARNING_RULES } from '../risk/rules.ts';
import { plainText } from '../validation.ts';

/** `from`/`to` dates (YYYY-MM-DD) of a query, both optional; `periodOf` fills and bounds them. */
export const periodFields = { from: isoDate.optional(), to: isoDate.optional() };

export const statsQuery = z.strictObject(periodFields);

export const riskWarningQuery = z.strictObject({
  ...periodFields,
  colour: z.enum(WARNING_COLOURS).optional(),
  rule: z.enum(WARNING_RULES).optional(),
  policyId: plainText(z.string().min(1).max(64)).optional(),
  departmentId: plainText(z.string().min(1).max(64)).optional(),
  uscc: plainText(z.string().length(18)).optional(),
});
export type RiskWarningQuery = z.infer<typeof riskWarningQuery>;

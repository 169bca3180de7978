// What finance sends to settle a pool, and the year a settlement statement is read for.
import * as z from 'zod';
import { plainText } from '../validation.ts';

const year = z.coerce.number().int().min(2000).max(2100);

export const settlementBody = z.strictObject({
  policyId: plainText(z.string().min(1).max(64)),
  year,
});
export type SettlementBody = z.infer<typeof settlementBody>;
export const settlementYearPath = z.object({ year });

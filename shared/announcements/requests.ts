// What anyone signed in sends to object to a case during its announcement (公示).
import * as z from 'zod';
import { plainText } from '../validation.ts';

export const objectionBody = z.strictObject({
  reason: plainText(z.string().trim().min(5, { message: '异议理由至少 5 个字' }).max(2000), {
    multiline: true,
  }),
});
export type ObjectionBody = z.infer<typeof objectionBody>;

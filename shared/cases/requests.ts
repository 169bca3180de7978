// What enterprises, window staff and reviewers send about a case: an application, a resubmission after a return,
// a rating, a reviewer's decision.
import * as z from 'zod';
import { fen } from '../catalog/types.ts';
import { uscc } from '../uscc.ts';
import { plainText } from '../validation.ts';

export const applicationBody = z.strictObject({
  policyId: plainText(z.string().min(1).max(64)),
  requestedAmountFen: fen.optional(),
  materialIds: z
    .array(plainText(z.string().min(1).max(128)))
    .max(50)
    .optional(),
  onBehalfOf: uscc.optional(),
});
export type ApplicationBody = z.infer<typeof applicationBody>;

export const applicationListQuery = z.strictObject({ uscc: uscc.optional() });

export const resubmissionBody = z.strictObject({
  materialIds: z
    .array(plainText(z.string().min(1).max(128)))
    .max(50)
    .optional(),
  note: plainText(z.string().trim().min(1).max(2000), { multiline: true }).optional(),
});
export type ResubmissionBody = z.infer<typeof resubmissionBody>;

export const ratingBody = z
  .object({
    score: z
      .number()
      .int('评分应为 1 至 5 的整数')
      .min(1, '评分应为 1 至 5 的整数')
      .max(5, '评分应为 1 至 5 的整数'),
    comment: plainText(z.string().trim().max(500), { multiline: true }).optional(),
  })
  .strict();
export type RatingBody = z.infer<typeof ratingBody>;

export const decisionBody = z
  .strictObject({
    outcome: z.enum(['approve', 'reject', 'return']),
    amountFen: z.number().int().positive().max(100_000_000_000).optional(),
    reason: plainText(z.string().trim().min(1).max(2000), { multiline: true }).optional(),
    explanation: plainText(z.string().trim().min(1).max(4000), { multiline: true }).optional(),
  })
  .superRefine((body, ctx) => {
    // The seeds require a rejection to state its reason and explain the policy to the enterprise.
    if (body.outcome === 'reject' && !body.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '不予通过时须说明原因' });
    }
    if (body.outcome === 'return' && !body.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '退回补正时须写明需补正的内容' });
    }
    if (body.outcome === 'reject' && !body.explanation) {
      ctx.addIssue({ code: 'custom', path: ['explanation'], message: '不予通过时须进行政策解释' });
    }
  });
export type DecisionBody = z.infer<typeof decisionBody>;

// What callers send to the catalog: list queries, a new policy item, a change of status.
import * as z from 'zod';
import { isoDate } from '../dates.ts';
import { divisionCode } from '../division.ts';
import { plainText } from '../validation.ts';
import { guide, MODES, POLICY_STATUSES } from './types.ts';

export const MAX_PAGE_SIZE = 100;

export const policyListQuery = z.strictObject({
  mode: z.enum(MODES).optional(),
  department: plainText(z.string().min(1).max(64)).optional(),
  keyword: plainText(z.string().trim().min(1).max(50)).optional(),
  effectiveOn: isoDate.optional(),
  // Drafts are the admins' work in progress and never listed publicly.
  status: z.enum(POLICY_STATUSES).exclude(['draft']).default('published'),
  division: divisionCode.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  cursor: plainText(z.string().max(2048)).optional(),
});

/** The admin's own drafts: a jurisdiction has few, so a page is a generous one. */
export const draftListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(MAX_PAGE_SIZE),
  cursor: plainText(z.string().max(2048)).optional(),
});

export const departmentListQuery = z.strictObject({ division: divisionCode.optional() });
export const newPolicyBody = guide.extend({
  seq: z.number().int().min(1).max(9999),
  departmentId: plainText(z.string().min(1).max(64)),
});
export type NewPolicyBody = z.infer<typeof newPolicyBody>;

export const policyStatusBody = z.strictObject({
  status: z.enum(['published', 'suspended', 'expired']),
  reason: plainText(z.string().trim().min(1).max(500), { multiline: true }),
});
export type PolicyStatusBody = z.infer<typeof policyStatusBody>;

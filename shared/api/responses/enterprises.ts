// What the enterprise routes answer: an enterprise's profile and bank account, its matching policies, and the
// agencies' blacklist entries.
import * as z from 'zod';
import { MODES } from '../../catalog/types.ts';
import { ENTERPRISE_SIZES, eligibilityRules } from '../../eligibility.ts';
import { bankAccount } from '../../enterprises/types.ts';
import { actorName, calendarDate, instant } from './common.ts';

/** A change of the enterprise's bank account, kept for good: a recent change is a payout risk. */
const bankAccountChange = z.object({
  from: bankAccount,
  to: bankAccount,
  at: instant,
  by: actorName,
});

/** An enterprise (企业) as the platform knows it: identity, the facts eligibility reads, and where it is paid. */
const enterprise = z.object({
  uscc: z.string().describe('统一社会信用代码'),
  name: z.string(),
  legalRepresentative: z.string(),
  bankAccount,
  bankAccountSince: instant.describe('当前银行账户的启用时间'),
  bankAccountChanges: z.array(bankAccountChange),
  tags: z.array(z.string()).describe('企业标签（入规、高新技术企业……）'),
  industry: z.string().optional().describe('国民经济行业门类（GB/T 4754，A–T）'),
  size: z.enum(ENTERPRISE_SIZES).optional(),
  registeredOn: calendarDate.optional(),
  divisionCode: z.string().optional().describe('企业所在县级行政区划代码'),
  createdAt: instant,
  updatedAt: instant,
});

/** One criterion of a policy's eligibility rules and whether the enterprise meets it. */
const criterionResult = z.object({
  criterion: eligibilityRules.keyof(),
  met: z.boolean(),
  message: z.string(),
});

/** A policy in force whose rules the enterprise meets (政策精准推送), with how to claim it and why it matches. */
const policyMatch = z.object({
  policy: z.object({
    id: z.string(),
    name: z.string(),
    groupName: z.string(),
    mode: z.enum(MODES),
    departmentId: z.string(),
    departmentName: z.string(),
  }),
  howToClaim: z.string().describe('企业下一步如何享受（免申即享无需申请）'),
  reasons: z.array(criterionResult),
});

/** The policies an enterprise likely qualifies for, and those it misses by one criterion (what it lacks is unmet). */
const policyMatchList = z.object({
  items: z.array(policyMatch),
  nearMisses: z.array(policyMatch).describe('仅差一项条件的政策：未满足的一项说明还缺什么'),
});

/** An agency's listing of an enterprise (失信、涉黑涉恶、生态环境违法……), screened by joint review and the payer. */
const blacklistEntry = z.object({
  uscc: z.string(),
  agencyId: z.string().describe('联审部门标识，以其行政区划代码开头'),
  agencyDivision: z.string(),
  reason: z.string(),
  listedUntil: calendarDate.optional().describe('列入期限的最后一天；不填为长期'),
  listedAt: instant,
  listedBy: actorName,
});

/** An agency's own list. */
const blacklist = z.object({ items: z.array(blacklistEntry) });

/** The answer to taking an enterprise off the agency's list. */
const delisting = z.object({
  uscc: z.string(),
  agencyId: z.string(),
  delisted: z.literal(true),
});

export {
  bankAccountChange,
  blacklist,
  blacklistEntry,
  criterionResult,
  delisting,
  enterprise,
  policyMatch,
  policyMatchList,
};

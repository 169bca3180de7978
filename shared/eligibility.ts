// Eligibility (享受对象) as structured criteria over enterprise attributes; the same rules drive matching and the intake pre-check.
import * as z from 'zod';
import { isoDate } from './dates.ts';
import { divisionCode, divisionCovers } from './division.ts';
import { SIZE_NAMES } from './enterprises/names.ts';
import { plainText } from './validation.ts';

export const ENTERPRISE_SIZES = ['large', 'medium', 'small', 'micro'] as const;
export type EnterpriseSize = (typeof ENTERPRISE_SIZES)[number];

/** A tag such as 入规 or 高新技术企业. */
export const enterpriseTag = plainText(z.string().trim().min(1).max(30));
/** GB/T 4754 industry section (门类), A–T. */
export const industrySection = z.string().regex(/^[A-T]$/, '行业门类应为 GB/T 4754 的 A–T 之一');

export const eligibilityRules = z.strictObject({
  allTags: z.array(enterpriseTag).max(20).optional(),
  anyTags: z.array(enterpriseTag).max(20).optional(),
  industries: z.array(industrySection).max(20).optional(),
  sizes: z.array(z.enum(ENTERPRISE_SIZES)).max(4).optional(),
  registeredOnOrAfter: isoDate.optional(),
  registeredOnOrBefore: isoDate.optional(),
  /** A county code covers itself; a city code (ending 00) covers its counties; a province (0000) its cities. */
  divisionCodes: z.array(divisionCode).max(50).optional(),
});
export type EligibilityRules = z.infer<typeof eligibilityRules>;

/** The enterprise attributes the rules read. */
export interface EligibilityFacts {
  tags: string[];
  industry?: string;
  size?: EnterpriseSize;
  registeredOn?: string;
  divisionCode?: string;
}

export interface CriterionResult {
  criterion: keyof EligibilityRules;
  met: boolean;
  message: string;
}

export interface EligibilityVerdict {
  eligible: boolean;
  reasons: CriterionResult[];
}

export function evaluateEligibility(rules: EligibilityRules, facts: EligibilityFacts): EligibilityVerdict {
  const reasons: CriterionResult[] = [];
  const check = (criterion: keyof EligibilityRules, met: boolean, message: string) =>
    reasons.push({ criterion, met, message });
  const has = new Set(facts.tags);

  if (rules.allTags?.length) {
    const missing = rules.allTags.filter((tag) => !has.has(tag));
    check(
      'allTags',
      missing.length === 0,
      missing.length === 0 ? `具备标签：${rules.allTags.join('、')}` : `缺少标签：${missing.join('、')}`,
    );
  }
  if (rules.anyTags?.length) {
    const found = rules.anyTags.filter((tag) => has.has(tag));
    check(
      'anyTags',
      found.length > 0,
      found.length > 0 ? `具备标签：${found.join('、')}` : `须具备其一：${rules.anyTags.join('、')}`,
    );
  }
  if (rules.industries?.length) {
    const met = facts.industry !== undefined && rules.industries.includes(facts.industry);
    check(
      'industries',
      met,
      facts.industry === undefined
        ? '未填写所属行业'
        : `所属行业 ${facts.industry}${met ? '' : '不'}在适用行业（${rules.industries.join('、')}）内`,
    );
  }
  if (rules.sizes?.length) {
    const met = facts.size !== undefined && rules.sizes.includes(facts.size);
    const allowed = rules.sizes.map((size) => SIZE_NAMES[size]).join('、');
    check(
      'sizes',
      met,
      facts.size === undefined
        ? '未填写企业规模'
        : `企业规模为${SIZE_NAMES[facts.size]}，${met ? '符合' : '不符合'}（${allowed}）`,
    );
  }
  for (const [criterion, bound, compare, label] of [
    ['registeredOnOrAfter', rules.registeredOnOrAfter, (d: string, b: string) => d >= b, '及以后'],
    ['registeredOnOrBefore', rules.registeredOnOrBefore, (d: string, b: string) => d <= b, '及以前'],
  ] as const) {
    if (!bound) continue;
    const met = facts.registeredOn !== undefined && compare(facts.registeredOn, bound);
    check(
      criterion,
      met,
      facts.registeredOn === undefined
        ? '未填写成立日期'
        : `成立于 ${facts.registeredOn}，${met ? '符合' : '不符合'} ${bound}${label}`,
    );
  }
  if (rules.divisionCodes?.length) {
    const enterpriseDivision = facts.divisionCode;
    const met =
      enterpriseDivision !== undefined &&
      rules.divisionCodes.some((code) => divisionCovers(code, enterpriseDivision));
    check(
      'divisionCodes',
      met,
      enterpriseDivision === undefined
        ? '未填写注册地行政区划'
        : `注册地 ${enterpriseDivision}${met ? '在' : '不在'}适用地区（${rules.divisionCodes.join('、')}）内`,
    );
  }
  return { eligible: reasons.every((reason) => reason.met), reasons };
}

// Enterprises: their own profile and bank account (every change remembered), and the policies they likely qualify for.
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import type { Policy } from '../../shared/catalog/types.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import {
  type EligibilityFacts,
  type EligibilityRules,
  type EligibilityVerdict,
  evaluateEligibility,
} from '../../shared/eligibility.ts';
import {
  divisionToRegister,
  eligibilityFactsOf,
  enterpriseDivision,
  withinJurisdiction,
} from '../../shared/enterprises/jurisdiction.ts';
import type { EnterpriseRepository } from '../../shared/enterprises/repository.ts';
import type { Enterprise, EnterpriseBody } from '../../shared/enterprises/types.ts';
import { notFound } from '../../shared/errors.ts';
import { actorOf, type Principal } from '../../shared/principal.ts';

export interface EnterprisePorts {
  enterprises: EnterpriseRepository;
  catalog: CatalogRepository;
  now(): Date;
}

const sameAccount = (a: Enterprise['bankAccount'], b: Enterprise['bankAccount']) =>
  a.bankName === b.bankName && a.accountNo === b.accountNo && a.accountName === b.accountName;

/** Registers or updates the caller's own profile; a new bank account is dated and the old one kept on record. */
export async function saveOwnProfile(ports: EnterprisePorts, principal: Principal, body: EnterpriseBody) {
  // Stored resolved, so the profile says which county's staff serve the enterprise even when it declares none.
  const divisionCode = divisionToRegister(principal.subject, body.divisionCode);
  const current = await ports.enterprises.get(principal.subject);
  const at = ports.now().toISOString();
  const accountChanged = current !== undefined && !sameAccount(current.bankAccount, body.bankAccount);
  const next: Enterprise = {
    uscc: principal.subject,
    ...body,
    divisionCode,
    tags: body.tags ?? [],
    bankAccountSince: current && !accountChanged ? current.bankAccountSince : at,
    bankAccountChanges: [
      ...(current?.bankAccountChanges ?? []),
      ...(current && accountChanged
        ? [
            {
              from: current.bankAccount,
              to: body.bankAccount,
              at,
              by: `${principal.role}:${principal.subject}`,
            },
          ]
        : []),
    ],
    createdAt: current?.createdAt ?? at,
    updatedAt: at,
  };
  return ports.enterprises.save(current, next, actorOf(principal));
}

/** Staff who file for or pay an enterprise look it up within their jurisdiction; beyond it, it does not exist. */
export async function enterpriseForStaff(ports: EnterprisePorts, principal: Principal, uscc: string) {
  const enterprise = await ports.enterprises.get(uscc);
  if (!enterprise || !withinJurisdiction(principal.division, enterprise)) throw notFound('企业');
  return enterprise;
}

export interface PolicyMatch {
  policy: Pick<Policy, 'id' | 'name' | 'groupName' | 'mode' | 'departmentId' | 'departmentName'>;
  /** What the enterprise does next: nothing (auto), or apply. */
  howToClaim: string;
  reasons: EligibilityVerdict['reasons'];
}

const HOW_TO_CLAIM = {
  auto: '免申即享：无需申请，主管部门核定后直接推送兑付',
  instant: '即申即享：在线或到专窗提交申请，主管部门限时审批',
  review: '承诺兑现：提交申请后由主管部门评审或现场勘查',
} as const;

/**
 * Whether an enterprise can come to meet a criterion it fails: a tag it may earn, an industry or size it may declare,
 * a date or place it has not filled in. A policy of another area or founding period is no near miss.
 */
function canStillMeet(criterion: keyof EligibilityRules | undefined, facts: EligibilityFacts): boolean {
  if (criterion === 'divisionCodes') return facts.divisionCode === undefined;
  if (criterion === 'registeredOnOrAfter' || criterion === 'registeredOnOrBefore')
    return facts.registeredOn === undefined;
  return true;
}

/**
 * Policies in force whose rules the enterprise meets (政策精准推送), each with the reasons it matches; and the near
 * misses, those that fail one criterion only, so the enterprise sees what it lacks (a tag, its industry…).
 */
export async function matchPolicies(
  ports: EnterprisePorts,
  enterprise: Enterprise,
): Promise<{ items: PolicyMatch[]; nearMisses: PolicyMatch[] }> {
  const today = shanghaiDate(ports.now());
  const facts = eligibilityFactsOf(enterprise);
  const matches: PolicyMatch[] = [];
  const nearMisses: PolicyMatch[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.catalog.listPolicies({
      divisionCode: enterpriseDivision(enterprise) ?? '',
      status: 'published',
      effectiveOn: today,
      limit: 100,
      cursor,
    });
    // The query already keeps only items in force today (published and inside their period).
    for (const policy of page.items) {
      const verdict = evaluateEligibility(policy.eligibility.rules, facts);
      const missed = verdict.reasons.filter((reason) => !reason.met);
      const unmet = missed.length;
      if (unmet > 1 || (unmet === 1 && !canStillMeet(missed[0]?.criterion, facts))) continue;
      const { id, name, groupName, mode, departmentId, departmentName } = policy;
      (unmet === 0 ? matches : nearMisses).push({
        policy: { id, name, groupName, mode, departmentId, departmentName },
        howToClaim: unmet === 0 ? HOW_TO_CLAIM[mode] : `补齐所缺的一项条件后可享受。${HOW_TO_CLAIM[mode]}`,
        reasons: verdict.reasons,
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { items: matches, nearMisses };
}

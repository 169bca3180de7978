// The county an enterprise belongs to: the authority that registered its USCC, or a county of that city it declares.
import { divisionCovers, sameCity } from '../division.ts';
import type { EligibilityFacts } from '../eligibility.ts';
import { DomainError, forbidden } from '../errors.ts';
import { registeringDivisionOf } from '../uscc.ts';

/**
 * A city's registration authority (a code ending in 00) registers enterprises of all its counties, so such an
 * enterprise may name its county; any other enterprise belongs where it was registered.
 */
export function mayDeclare(registering: string, declared: string): boolean {
  if (declared === registering) return true;
  return registering.endsWith('00') && sameCity(declared, registering);
}

const outsideRegistration = (registering: string, declared: string) => {
  const message = `所属行政区划 ${declared} 不在统一社会信用代码登记机关（${registering}）的辖区内：请填写登记机关所在地，或市级登记机关所辖的区县`;
  return new DomainError('DIVISION_OUTSIDE_REGISTRATION', 422, message, {
    registeringDivision: registering,
    fields: [{ field: 'divisionCode', code: 'DIVISION_OUTSIDE_REGISTRATION', message }],
  });
};

/** The division an enterprise registers under when it saves its profile: what it declares, if its USCC allows it. */
export function divisionToRegister(uscc: string, declared: string | undefined): string {
  const registering = registeringDivisionOf(uscc);
  // The USCC is the token's subject here; the identity provider vouches for it, the schema never saw it.
  if (!registering) throw forbidden('身份令牌中的统一社会信用代码无效');
  if (declared === undefined) return registering;
  if (!mayDeclare(registering, declared)) throw outsideRegistration(registering, declared);
  return declared;
}

/**
 * The division an enterprise belongs to, the one answer every jurisdiction check asks. A profile saved before
 * declarations were checked may hold a division its USCC does not allow; the registering authority's wins then.
 */
export function enterpriseDivision(enterprise: { uscc: string; divisionCode?: string }): string | undefined {
  const registering = registeringDivisionOf(enterprise.uscc);
  if (!registering) return undefined;
  const declared = enterprise.divisionCode;
  return declared !== undefined && mayDeclare(registering, declared) ? declared : registering;
}

/** Whether staff of `jurisdiction` reach the enterprise: its division lies within theirs. No enterprise is everyone's. */
export function withinJurisdiction(
  jurisdiction: string | undefined,
  enterprise: { uscc: string; divisionCode?: string },
): boolean {
  const division = enterpriseDivision(enterprise);
  return jurisdiction !== undefined && division !== undefined && divisionCovers(jurisdiction, division);
}

/** The facts eligibility rules read, with the division the enterprise actually belongs to. */
export function eligibilityFactsOf(enterprise: EligibilityFacts & { uscc: string }): EligibilityFacts {
  const { divisionCode: _stored, ...facts } = enterprise;
  const divisionCode = enterpriseDivision(enterprise);
  return divisionCode ? { ...facts, divisionCode } : facts;
}

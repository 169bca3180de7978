import { describe, expect, it } from 'vitest';
import { saveOwnProfile } from '../../functions/enterprises/enterprises.ts';
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import {
  divisionToRegister,
  eligibilityFactsOf,
  enterpriseDivision,
  withinJurisdiction,
} from '../../shared/enterprises/jurisdiction.ts';
import type { Enterprise } from '../../shared/enterprises/types.ts';
import { DomainError } from '../../shared/errors.ts';
import { registeringDivisionOf, usccProblem } from '../../shared/uscc.ts';
import { enterpriseProfile } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

/** Registered in 定南县 (360728), by 赣州市's authority (360700), in 龙南市 (360727). */
const DINGNAN = validUscc('91360728MA35Q0AA1');
const GANZHOU = validUscc('91360700MA35Q0AA2');
const LONGNAN = validUscc('91360727MA35Q0AA3');

const refusalOf = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
};

describe("an enterprise's division", () => {
  it('reads the registering authority from characters 3–8 of the USCC, and refuses a USCC without one', () => {
    expect(registeringDivisionOf(DINGNAN)).toBe('360728');
    expect(registeringDivisionOf(GANZHOU)).toBe('360700');
    expect(registeringDivisionOf('91MA0728MA35Q0AA1X')).toBeUndefined();
    expect(usccProblem(validUscc('9136A728MA35Q0AA1'))).toBe('DIVISION');
  });

  it('is where the USCC was registered, or a county of the registering city the enterprise declares', () => {
    expect(divisionToRegister(DINGNAN, undefined)).toBe('360728');
    expect(divisionToRegister(DINGNAN, '360728')).toBe('360728');
    expect(divisionToRegister(GANZHOU, undefined)).toBe('360700');
    expect(divisionToRegister(GANZHOU, '360728')).toBe('360728');
    expect(divisionToRegister(GANZHOU, '360727')).toBe('360727');
  });

  it.each([
    [DINGNAN, '360727', 'a neighbouring county'],
    [DINGNAN, '360700', 'its own city'],
    [GANZHOU, '360102', 'a county of another city'],
    [LONGNAN, '360728', 'another county of the same city'],
  ])(
    'refuses %s declaring %s (%s) with 422, a stable code, a Chinese message and the field',
    (uscc, declared) => {
      const refusal = refusalOf(() => divisionToRegister(uscc, declared));
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal).toMatchObject({
        code: 'DIVISION_OUTSIDE_REGISTRATION',
        status: 422,
        details: { fields: [expect.objectContaining({ field: 'divisionCode' })] },
      });
      expect((refusal as DomainError).message).toMatch(/所属行政区划 \d{6} 不在统一社会信用代码登记机关/);
    },
  );

  it('never makes an enterprise everyone’s: one without a division is its registering authority’s', () => {
    // Prepare: profiles as stored before declarations were checked.
    const undeclared = { uscc: DINGNAN };
    const misdeclared = { uscc: LONGNAN, divisionCode: '360728' };
    // Act / Assess
    expect(enterpriseDivision(undeclared)).toBe('360728');
    expect(enterpriseDivision(misdeclared)).toBe('360727');
    expect(withinJurisdiction('360728', undeclared)).toBe(true);
    expect(withinJurisdiction('360727', undeclared)).toBe(false);
    expect(withinJurisdiction('360728', misdeclared)).toBe(false);
    expect(withinJurisdiction('360700', misdeclared)).toBe(true);
    expect(withinJurisdiction(undefined, undeclared)).toBe(false);
    expect(withinJurisdiction('360728', { uscc: 'not-a-uscc' })).toBe(false);
    expect(eligibilityFactsOf({ uscc: LONGNAN, divisionCode: '360728', tags: [] }).divisionCode).toBe(
      '360727',
    );
  });

  it('is stored with the profile, declared or not, and a declaration outside the registration stores nothing', async () => {
    // Prepare
    const saved: Enterprise[] = [];
    const ports = {
      enterprises: {
        get: async () => undefined,
        save: async (_current: Enterprise | undefined, next: Enterprise) => {
          saved.push(next);
          return next;
        },
      },
      catalog: {} as CatalogRepository,
      now: () => new Date('2026-03-02T02:00:00Z'),
    };
    const { divisionCode: _none, ...undeclared } = enterpriseProfile(GANZHOU);
    // Act
    const stored = await saveOwnProfile(ports, { role: 'enterprise', subject: GANZHOU }, undeclared);
    const refused = await saveOwnProfile(
      ports,
      { role: 'enterprise', subject: DINGNAN },
      enterpriseProfile(DINGNAN, { divisionCode: '360727' }),
    ).catch((error: unknown) => error);
    // Assess
    expect(stored.divisionCode).toBe('360700');
    expect(refused).toMatchObject({ code: 'DIVISION_OUTSIDE_REGISTRATION' });
    expect(saved).toHaveLength(1);
  });
});

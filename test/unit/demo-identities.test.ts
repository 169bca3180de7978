// The demo identities of the local sign-in page: who they are must match the catalog and the platform's rules.
import { describe, expect, it } from 'vitest';
import { DEMO_IDENTITIES } from '../../infra/local/demo-identities.ts';
import { DINGNAN_DIVISION_CODE, parseCatalogTsv } from '../../shared/catalog/dingnan.ts';
import catalogTsv from '../../shared/catalog/dingnan-2022-catalog.tsv';
import { ROLES } from '../../shared/principal.ts';
import { registeringDivisionOf, usccProblem } from '../../shared/uscc.ts';

const withRole = (role: string) => DEMO_IDENTITIES.filter((identity) => identity.claims.role === role);

describe('demo identities', () => {
  it('has one account per identity, named by its sub except for a head', () => {
    // Assess
    expect(new Set(DEMO_IDENTITIES.map((identity) => identity.id)).size).toBe(DEMO_IDENTITIES.length);
    for (const { id, claims } of DEMO_IDENTITIES) {
      expect(id).toBe(claims.position === 'head' ? `${claims.sub}-head` : claims.sub);
    }
  });

  it('offers every role, and a head who receives escalations', () => {
    // Assess
    for (const role of ROLES) expect(withRole(role).length).toBeGreaterThan(0);
    expect(DEMO_IDENTITIES.filter((identity) => identity.claims.position === 'head')).toHaveLength(1);
  });

  it('signs enterprises in by valid USCCs registered in Dingnan', () => {
    // Assess
    for (const { claims } of withRole('enterprise')) {
      expect(usccProblem(claims.sub)).toBeUndefined();
      expect(registeringDivisionOf(claims.sub)).toBe(DINGNAN_DIVISION_CODE);
      expect(claims.division).toBeUndefined();
    }
  });

  it('lists each department of the Dingnan catalog, by its id and name, and staff act in Dingnan', () => {
    // Prepare
    const { departments } = parseCatalogTsv(catalogTsv);
    const staff = DEMO_IDENTITIES.filter((identity) => identity.claims.role !== 'enterprise');

    // Assess
    expect(
      withRole('department')
        .filter((identity) => identity.claims.position !== 'head')
        .map(({ claims }) => ({ id: claims.sub, name: claims.name })),
    ).toEqual(expect.arrayContaining(departments.map(({ id, name }) => ({ id, name }))));
    expect(withRole('department').length).toBe(departments.length + 1);
    for (const { claims } of staff) expect(claims.division).toBe(DINGNAN_DIVISION_CODE);
    for (const { claims } of [...withRole('department'), ...withRole('agency')]) {
      expect(claims.sub.startsWith(`${DINGNAN_DIVISION_CODE}-`)).toBe(true);
    }
  });
});

// Division codes read from ids: a policy's, a department's or agency's, a reconciliation's; and the city test.
import { describe, expect, it } from 'vitest';
import { departmentId, policyId } from '../../shared/catalog/dingnan.ts';
import { divisionOfId, divisionOfPolicy, sameCity } from '../../shared/division.ts';

describe('division codes in ids', () => {
  it("reads a policy's division from its id, as the catalog makes it", () => {
    // Prepare
    const id = policyId('360728', 20);
    // Act / Assess
    expect(id).toBe('360728-020');
    expect(divisionOfPolicy(id)).toBe('360728');
  });

  it('reads the division of department, agency and reconciliation ids', () => {
    expect(divisionOfId(departmentId('360728', 'gxj'))).toBe('360728');
    expect(divisionOfId('360700-credit')).toBe('360700');
    expect(divisionOfId('360728-nightly-2026-06-10')).toBe('360728');
  });

  it('names no division for an id that does not begin with six digits', () => {
    expect(divisionOfId('credit-360728')).toBeUndefined();
    expect(divisionOfId('36072-x')).toBeUndefined();
    expect(divisionOfId('')).toBeUndefined();
  });

  it('tells counties of one city from those of another', () => {
    expect(sameCity('360728', '360700')).toBe(true);
    expect(sameCity('360728', '360727')).toBe(true);
    expect(sameCity('360728', '350100')).toBe(false);
  });
});

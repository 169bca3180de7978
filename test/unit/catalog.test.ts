import { describe, expect, it } from 'vitest';
import { DINGNAN_DIVISION_CODE, parseCatalogTsv } from '../../shared/catalog/dingnan.ts';
import catalogTsv from '../../shared/catalog/dingnan-2022-catalog.tsv';

describe('Dingnan 2022 catalog', () => {
  const catalog = parseCatalogTsv(catalogTsv);

  it('holds the 53 items of attachment 1 under Dingnan’s division code', () => {
    expect(catalog.policies).toHaveLength(53);
    expect(new Set(catalog.policies.map((p) => p.id)).size).toBe(53);
    expect(catalog.policies.every((p) => p.divisionCode === DINGNAN_DIVISION_CODE)).toBe(true);
  });

  it('splits the items by mode as the plan does: 18 auto, 22 instant, 13 review', () => {
    const count = (mode: string) => catalog.policies.filter((p) => p.mode === mode).length;
    expect([count('auto'), count('instant'), count('review')]).toEqual([18, 22, 13]);
  });

  it('names every owning department once, with a stable id', () => {
    expect(catalog.departments).toHaveLength(9);
    const commerce = catalog.departments.find((d) => d.name === '县商务局');
    expect(commerce?.id).toBe('360728-swj');
    expect(catalog.policies.filter((p) => p.departmentId === '360728-swj')).toHaveLength(13);
  });

  it('refuses a line with an unknown mode or department', () => {
    const header = 'seq\tdepartment\tmain_item\tsub_item\tmode_zh\tmode\tchannel_zh\tchannel';
    expect(() => parseCatalogTsv(`${header}\n1\t县商务局\ta\tb\tx\tsometimes\ty\tonline`)).toThrow(/mode/);
    expect(() => parseCatalogTsv(`${header}\n1\t县无名局\ta\tb\tx\tauto\ty\tonline`)).toThrow(/department/);
  });
});

import { describe, expect, it } from 'vitest';
import { DINGNAN_DIVISION_CODE, parseCatalogTsv } from '../../shared/catalog/dingnan.ts';
import catalogTsv from '../../shared/catalog/dingnan-2022-catalog.tsv';
import { processOf, promisedWorkingDays } from '../../shared/catalog/process.ts';
import { guide, type Policy } from '../../shared/catalog/types.ts';

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

describe('the process of a policy', () => {
  const catalog = parseCatalogTsv(catalogTsv);
  const instantItem = catalog.policies.find((p) => p.mode === 'instant');
  const reviewItem = catalog.policies.find((p) => p.mode === 'review');
  /** The guide as its writer sends it: the policy without what the catalog adds. */
  const writtenGuide = ({
    id: _id,
    divisionCode: _division,
    seq: _seq,
    departmentId: _departmentId,
    departmentName: _departmentName,
    status: _status,
    version: _version,
    updatedAt: _updatedAt,
    ...written
  }: Policy) => written;

  it('keeps every shipped guide valid, without a process of its own', () => {
    for (const policy of catalog.policies) {
      expect(guide.safeParse(writtenGuide(policy)).success, policy.id).toBe(true);
      expect(policy.process).toBeUndefined();
    }
  });

  it('follows the mode where the guide says nothing: 即申即享 and 承诺兑现 as they have always run', () => {
    expect(instantItem && processOf(instantItem)).toEqual({
      eligibilityCheck: true,
      initialReview: false,
      substantiveReview: false,
      departmentDecision: true,
      jointReview: 'before_decision',
      announcementDays: 0,
    });
    expect(reviewItem && processOf(reviewItem)).toEqual({
      eligibilityCheck: false,
      initialReview: true,
      substantiveReview: true,
      departmentDecision: true,
      jointReview: 'after_decision',
      announcementDays: 5,
    });
  });

  it('takes the steps a guide names, the mode’s for the rest, and the guide’s announcement days', () => {
    const process = processOf({
      mode: 'review',
      announcementDays: 0,
      process: { substantiveReview: false, jointReview: 'before_decision' },
    });
    expect(process).toEqual({
      eligibilityCheck: false,
      initialReview: true,
      substantiveReview: false,
      departmentDecision: true,
      jointReview: 'before_decision',
      announcementDays: 0,
    });
  });

  it('has none for a whitelist policy, and the guide refuses steps it does not know', () => {
    expect(() => processOf({ mode: 'auto', announcementDays: 0 })).toThrow(/whitelists/);
    const written = writtenGuide(reviewItem as Policy);
    expect(guide.safeParse({ ...written, process: { substantiveReview: false } }).success).toBe(true);
    expect(guide.safeParse({ ...written, process: { siteVisit: true } }).success).toBe(false);
    expect(guide.safeParse({ ...written, process: { jointReview: 'never' } }).success).toBe(false);
  });

  it('promises the working days of the steps a guide runs, its announcement and the payer’s day', () => {
    const limits = { routing: 1, initialReview: 3, substantiveReview: 20, payer: 1 };
    // 即申即享: routing and payment only; 承诺兑现: both reviews and the announcement too.
    expect(promisedWorkingDays({ mode: 'instant', announcementDays: 0, timeLimits: limits })).toBe(2);
    expect(promisedWorkingDays({ mode: 'review', announcementDays: 5, timeLimits: limits })).toBe(30);
    expect(
      promisedWorkingDays({
        mode: 'review',
        announcementDays: 0,
        process: { substantiveReview: false },
        timeLimits: limits,
      }),
    ).toBe(5);
  });
});

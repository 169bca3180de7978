// Years of calendar dates, and the current year as counted in Asia/Shanghai.
import { describe, expect, it } from 'vitest';
import { thisYear, yearOf } from '../../shared/dates.ts';

describe('years', () => {
  it('reads the year of a calendar date', () => {
    expect(yearOf('2026-05-01')).toBe(2026);
    expect(yearOf('2025-12-31')).toBe(2025);
  });

  it('counts the year in Asia/Shanghai, where the new year begins at 16:00 UTC', () => {
    // Prepare: 2025-12-31T16:00Z is 00:00 on 1 January 2026 in Beijing; one minute before is still 2025.
    const midnight = new Date('2025-12-31T16:00:00.000Z');
    const justBefore = new Date('2025-12-31T15:59:00.000Z');
    // Act / Assess
    expect(thisYear(midnight)).toBe(2026);
    expect(thisYear(justBefore)).toBe(2025);
  });
});

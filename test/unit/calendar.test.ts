import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../shared/calendar.ts';
import { shanghaiDate } from '../../shared/dates.ts';

// Instants are given in UTC; limits count in Asia/Shanghai (UTC+8).
const at = (iso: string) => new Date(iso);

describe('working days on China’s official calendar', () => {
  it('counts a late-evening UTC instant as the next Shanghai day', () => {
    expect(shanghaiDate(at('2026-09-30T17:00:00Z'))).toBe('2026-10-01');
  });

  it('skips the 2026 National Day holiday and counts its make-up Saturday', () => {
    // 2026-09-30 (Wed) + 1 working day: Oct 1–7 are holidays, so the limit ends on Oct 8.
    expect(addWorkingDays(at('2026-09-30T02:00:00Z'), 1)).toBe('2026-10-08');
    // Sat Oct 10 2026 is a make-up working day (调休).
    expect(addWorkingDays(at('2026-10-09T02:00:00Z'), 1)).toBe('2026-10-10');
  });

  it('skips the 2026 Spring Festival', () => {
    // Spring Festival 2026: Feb 15–23 off; Feb 14 (Sat) and Feb 28 (Sat) are make-up working days.
    expect(addWorkingDays(at('2026-02-13T02:00:00Z'), 1)).toBe('2026-02-14');
    expect(addWorkingDays(at('2026-02-14T02:00:00Z'), 1)).toBe('2026-02-24');
  });

  it('skips an ordinary weekend', () => {
    expect(addWorkingDays(at('2026-11-20T02:00:00Z'), 1)).toBe('2026-11-23');
    expect(addWorkingDays(at('2026-11-20T02:00:00Z'), 3)).toBe('2026-11-25');
  });
});

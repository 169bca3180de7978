import { describe, expect, it } from 'vitest';
import { calendarYearBody } from '../../shared/calendar/types.ts';
import {
  addWorkingDays,
  builtInYear,
  workingCalendar,
  workingDaysBetween,
} from '../../shared/calendar/working-days.ts';
import { shanghaiDate } from '../../shared/dates.ts';

// Instants are given in UTC; limits count in Asia/Shanghai (UTC+8). 02:00Z is 10:00 in Shanghai.
const at = (date: string) => new Date(`${date}T02:00:00Z`);
const published = workingCalendar();
const due = (from: string, days: number) => addWorkingDays(published, at(from), days);

describe('working days on China’s official calendar', () => {
  it('counts a late-evening UTC instant as the next Shanghai day', () => {
    expect(shanghaiDate(new Date('2026-09-30T17:00:00Z'))).toBe('2026-10-01');
    expect(addWorkingDays(published, new Date('2026-11-19T17:00:00Z'), 1).date).toBe('2026-11-23');
  });

  it('counts working days between two instants, for the statistics: same day 0, holidays and weekends skipped', () => {
    const between = (from: string, to: string) => workingDaysBetween(published)(at(from), at(to));
    expect(between('2026-11-20', '2026-11-20')).toBe(0);
    expect(between('2026-11-20', '2026-11-23')).toBe(1);
    expect(between('2025-01-27', '2025-02-05')).toBe(1);
    expect(between('2025-09-26', '2025-10-11')).toBe(6);
    expect(between('2026-11-23', '2026-11-20')).toBe(0);
  });

  it('skips an ordinary weekend', () => {
    expect(due('2026-11-20', 1)).toEqual({ date: '2026-11-23', provisional: false });
    expect(due('2026-11-20', 3).date).toBe('2026-11-25');
  });

  describe('2025 Spring Festival (Jan 28 – Feb 4 off; Sun Jan 26 and Sat Feb 8 worked)', () => {
    it('counts the make-up Sunday before the holiday', () => {
      expect(due('2025-01-24', 1).date).toBe('2025-01-26');
      expect(due('2025-01-26', 1).date).toBe('2025-01-27');
    });
    it('jumps the whole holiday', () => {
      expect(due('2025-01-27', 1).date).toBe('2025-02-05');
      expect(due('2025-01-24', 3).date).toBe('2025-02-05');
    });
    it('counts the make-up Saturday after it', () => {
      expect(due('2025-02-07', 1).date).toBe('2025-02-08');
      expect(due('2025-02-05', 3).date).toBe('2025-02-08');
    });
  });

  describe('2025 National Day and Mid-Autumn (Oct 1–8 off; Sun Sep 28 and Sat Oct 11 worked)', () => {
    it('counts Sunday Sep 28, then jumps eight days of holiday', () => {
      expect(due('2025-09-26', 1).date).toBe('2025-09-28');
      expect(due('2025-09-26', 3).date).toBe('2025-09-30');
      expect(due('2025-09-29', 2).date).toBe('2025-10-09');
    });
    it('counts the make-up Saturday Oct 11', () => {
      expect(due('2025-10-10', 1).date).toBe('2025-10-11');
      // A 20-working-day site inspection started before the holiday.
      expect(due('2025-09-22', 20).date).toBe('2025-10-24');
    });
  });

  describe('2026 Spring Festival (Feb 15–23 off; Sat Feb 14 and Sat Feb 28 worked)', () => {
    it('counts Saturday Feb 14, then jumps nine days of holiday', () => {
      expect(due('2026-02-13', 1).date).toBe('2026-02-14');
      expect(due('2026-02-14', 1).date).toBe('2026-02-24');
    });
    it('counts Saturday Feb 28', () => {
      expect(due('2026-02-26', 2).date).toBe('2026-02-28');
      expect(due('2026-02-24', 5).date).toBe('2026-03-02');
    });
  });

  describe('2026 Mid-Autumn and National Day (Sep 25–27 and Oct 1–7 off; Sun Sep 20 and Sat Oct 10 worked)', () => {
    it('counts Sunday Sep 20 and skips the Mid-Autumn Friday', () => {
      expect(due('2026-09-18', 1).date).toBe('2026-09-20');
      expect(due('2026-09-24', 1).date).toBe('2026-09-28');
    });
    it('jumps the Golden Week and counts Saturday Oct 10', () => {
      expect(due('2026-09-30', 1).date).toBe('2026-10-08');
      expect(due('2026-10-09', 1).date).toBe('2026-10-10');
      expect(due('2026-09-29', 3).date).toBe('2026-10-09');
    });
  });

  describe('beyond the published calendar', () => {
    it('falls back to Monday–Friday and says the date is provisional', () => {
      expect(builtInYear(2027)).toBeUndefined();
      // Dec 31 is a working day of 2026; Fri Jan 1 2027 is not known to be a holiday yet, so it counts.
      expect(due('2026-12-30', 3)).toEqual({ date: '2027-01-04', provisional: true });
      expect(due('2026-12-29', 2)).toEqual({ date: '2026-12-31', provisional: false });
    });

    it('moves the date once the year is loaded, and stops calling it provisional', () => {
      const loaded = workingCalendar([
        {
          year: 2027,
          holidays: [
            { date: '2027-01-01', name: '元旦' },
            { date: '2027-01-02', name: '元旦' },
            { date: '2027-01-03', name: '元旦' },
          ],
          makeupWorkdays: [],
        },
      ]);
      expect(addWorkingDays(loaded, at('2026-12-30'), 3)).toEqual({ date: '2027-01-05', provisional: false });
    });

    it('lets a loaded year replace a bundled one (a corrected notice)', () => {
      const corrected = workingCalendar([
        { year: 2026, holidays: [{ date: '2026-11-23', name: '测试假日' }], makeupWorkdays: [] },
      ]);
      expect(addWorkingDays(corrected, at('2026-11-20'), 1).date).toBe('2026-11-24');
    });
  });
});

describe('a year as an admin loads it', () => {
  it('takes holidays and weekend make-up days', () => {
    const parsed = calendarYearBody.safeParse({
      holidays: [{ date: '2027-02-06', name: '春节' }],
      makeupWorkdays: [{ date: '2027-02-20', name: '春节' }],
    });
    expect(parsed.success).toBe(true);
  });

  it('refuses a make-up working day that is not a weekend, and a date listed twice', () => {
    const parsed = calendarYearBody.safeParse({
      holidays: [
        { date: '2027-02-06', name: '春节' },
        { date: '2027-02-06', name: '春节' },
      ],
      makeupWorkdays: [{ date: '2027-02-17', name: '春节' }],
    });
    expect(parsed.success).toBe(false);
    const codes = parsed.error?.issues.map((issue) => (issue as { params?: { code?: string } }).params?.code);
    expect(codes).toEqual(['DUPLICATE_DATE', 'MAKEUP_NOT_WEEKEND']);
  });
});

// A year of China's official calendar as the State Council publishes it: holidays and make-up working days (调休).
import * as z from 'zod';
import { isoDate } from '../dates.ts';
import { plainText } from '../validation.ts';

export interface CalendarDay {
  date: string;
  /** The holiday the day belongs to, in Chinese (春节, 国庆节…). */
  name: string;
}

export interface CalendarYear {
  year: number;
  holidays: CalendarDay[];
  /** Weekend days that are working days because a holiday was moved (调休上班). */
  makeupWorkdays: CalendarDay[];
}

export const calendarYearNumber = z.coerce
  .number({ message: '年份应为四位数字' })
  .int()
  .min(2000, { message: '年份应在 2000 至 2100 之间' })
  .max(2100, { message: '年份应在 2000 至 2100 之间' });

const calendarDay = z.strictObject({ date: isoDate, name: plainText(z.string().trim().min(1).max(20)) });

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The body of PUT /calendar/{year}; the year itself comes from the path and is checked against every date. */
export const calendarYearBody = z
  .strictObject({
    holidays: z.array(calendarDay).min(1).max(60),
    makeupWorkdays: z.array(calendarDay).max(20),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.holidays.forEach((day, index) => {
      if (seen.has(day.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', index, 'date'],
          message: '节假日重复',
          params: { code: 'DUPLICATE_DATE' },
        });
      }
      seen.add(day.date);
    });
    body.makeupWorkdays.forEach((day, index) => {
      const weekday = weekdayOf(day.date);
      // A make-up working day is by definition a Saturday or Sunday that becomes a working day.
      if (weekday !== 0 && weekday !== 6) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeupWorkdays', index, 'date'],
          message: '调休上班日应为周六或周日',
          params: { code: 'MAKEUP_NOT_WEEKEND' },
        });
      }
      if (seen.has(day.date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeupWorkdays', index, 'date'],
          message: '同一天不能既是节假日又是调休上班日',
          params: { code: 'DUPLICATE_DATE' },
        });
      }
    });
  });
export type CalendarYearBody = z.infer<typeof calendarYearBody>;

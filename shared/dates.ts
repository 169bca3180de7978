// Calendar dates as the API carries them: YYYY-MM-DD, always read in Asia/Shanghai.
import * as z from 'zod';

export const isoDate = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

// One formatter per process: each new Intl.DateTimeFormat allocates ICU objects outside the JS heap (~26 KB), which
// the GC neither counts nor frees in time — one per call cost 4 GB of memory reconciling 100,000 payments.
const SHANGHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai, where every time limit is counted. */
export function shanghaiDate(instant: Date): string {
  return SHANGHAI_DATE.format(instant);
}

/** The year of a calendar date (YYYY-MM-DD): 2026 for '2026-05-01'. */
export const yearOf = (date: string): number => Number(date.slice(0, 4));

/** The current year in Asia/Shanghai, where budgets, claim periods and settlements are counted. */
export const thisYear = (now: Date): number => yearOf(shanghaiDate(now));

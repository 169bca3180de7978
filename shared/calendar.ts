// Working days (工作日) on China's official calendar, with holidays and make-up working days, in Asia/Shanghai.
import { findWorkday } from 'chinese-days';

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai, where every time limit is counted. */
export function shanghaiDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(instant);
}

/** The date `days` working days after the given instant: a limit of 1 ends on the next working day. */
export function addWorkingDays(from: Date, days: number): string {
  return findWorkday(days, shanghaiDate(from));
}

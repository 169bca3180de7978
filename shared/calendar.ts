// Working days (工作日) on China's official calendar, with holidays and make-up working days, in Asia/Shanghai.
import { findWorkday } from 'chinese-days';
import { shanghaiDate } from './dates.ts';

/** The date `days` working days after the given instant: a limit of 1 ends on the next working day. */
export function addWorkingDays(from: Date, days: number): string {
  return findWorkday(days, shanghaiDate(from));
}

// Calendar dates as the API carries them: YYYY-MM-DD, always read in Asia/Shanghai.
import * as z from 'zod';

export const isoDate = z.iso.date({ message: '日期格式应为 YYYY-MM-DD' });

/** The calendar date (YYYY-MM-DD) of an instant in Asia/Shanghai, where every time limit is counted. */
export function shanghaiDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(instant);
}

// The official calendar as the platform counts it: read a year, and load one the State Council has just published.

import type { CalendarRepository } from '../../shared/calendar/repository.ts';
import type { CalendarYear, CalendarYearBody } from '../../shared/calendar/types.ts';
import { builtInYear } from '../../shared/calendar/working-days.ts';
import { yearOf } from '../../shared/dates.ts';
import { validationFailed } from '../../shared/errors.ts';
import { actorOf, type Principal } from '../../shared/principal.ts';

export interface CalendarView extends CalendarYear {
  /** `loaded` through the API, `built_in` from the bundled release, or `unpublished`: counted Monday–Friday. */
  source: 'loaded' | 'built_in' | 'unpublished';
}

export async function viewYear(calendars: CalendarRepository, year: number): Promise<CalendarView> {
  const loaded = (await calendars.loadedYears()).find((candidate) => candidate.year === year);
  if (loaded) return { ...loaded, source: 'loaded' };
  const bundled = builtInYear(year);
  if (bundled) return { ...bundled, source: 'built_in' };
  return { year, holidays: [], makeupWorkdays: [], source: 'unpublished' };
}

/**
 * Loading a year is national data, so any admin may do it; the audit trail names who did. Every date must lie in the
 * year of the path, so a typo cannot silently shift a holiday into another year.
 */
export async function loadYear(
  calendars: CalendarRepository,
  principal: Principal,
  year: number,
  body: CalendarYearBody,
  now: Date,
): Promise<CalendarView> {
  const outside = [
    ...body.holidays.map((day, index) => ({ day, field: `holidays.${index}.date` })),
    ...body.makeupWorkdays.map((day, index) => ({ day, field: `makeupWorkdays.${index}.date` })),
  ].filter(({ day }) => yearOf(day.date) !== year);
  if (outside.length > 0) {
    throw validationFailed(
      outside.map(({ field }) => ({ field, code: 'DATE_OUTSIDE_YEAR', message: `日期不在 ${year} 年内` })),
    );
  }
  const record: CalendarYear = {
    year,
    holidays: [...body.holidays].sort((a, b) => a.date.localeCompare(b.date)),
    makeupWorkdays: [...body.makeupWorkdays].sort((a, b) => a.date.localeCompare(b.date)),
  };
  await calendars.loadYear(record, actorOf(principal), now.toISOString());
  return { ...record, source: 'loaded' };
}

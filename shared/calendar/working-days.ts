// Working days (工作日) on China's official calendar, with holidays and make-up working days, in Asia/Shanghai.
import published from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { shanghaiDate, yearOf } from '../dates.ts';
import type { CalendarDay, CalendarYear } from './types.ts';

export interface WorkingCalendar {
  /** The published year, from the chinese-days release or as an admin loaded it; undefined if not yet published. */
  year(year: number): CalendarYear | undefined;
}

export interface DueDate {
  date: string;
  /**
   * True when the count ran past the published calendar and fell back to Monday–Friday: the State Council publishes
   * each next year late in the year, so such a date may still move once the year is loaded.
   */
  provisional: boolean;
}

/** chinese-days keeps "English name,中文名,days" per date. */
function daysOf(entries: Record<string, string>): Map<number, CalendarDay[]> {
  const byYear = new Map<number, CalendarDay[]>();
  for (const [date, label] of Object.entries(entries)) {
    const year = yearOf(date);
    const list = byYear.get(year) ?? [];
    list.push({ date, name: label.split(',')[1] ?? label });
    byYear.set(year, list);
  }
  return byYear;
}

const builtInHolidays = daysOf(published.holidays);
const builtInWorkdays = daysOf(published.workdays);

/** The years the bundled chinese-days release carries, each as published. */
export function builtInYear(year: number): CalendarYear | undefined {
  const holidays = builtInHolidays.get(year);
  if (!holidays) return undefined;
  return { year, holidays, makeupWorkdays: builtInWorkdays.get(year) ?? [] };
}

interface IndexedYear {
  holidays: Set<string>;
  makeupWorkdays: Set<string>;
}

/** The bundled years plus those loaded through the API; a loaded year replaces the bundled one. */
export function workingCalendar(loaded: CalendarYear[] = []): WorkingCalendar {
  const overrides = new Map(loaded.map((year) => [year.year, year]));
  return { year: (year) => overrides.get(year) ?? builtInYear(year) };
}

const DAY_MS = 86_400_000;
const nextDate = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
const isWeekend = (date: string) => {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/** Whether a date is a working day, memoising each year's sets; unpublished years count Monday to Friday. */
function workingDays(calendar: WorkingCalendar) {
  const index = new Map<number, IndexedYear | undefined>();
  const indexed = (year: number) => {
    if (!index.has(year)) {
      const found = calendar.year(year);
      index.set(
        year,
        found && {
          holidays: new Set(found.holidays.map((day) => day.date)),
          makeupWorkdays: new Set(found.makeupWorkdays.map((day) => day.date)),
        },
      );
    }
    return index.get(year);
  };
  return (date: string): { working: boolean; published: boolean } => {
    const year = indexed(yearOf(date));
    const working = year
      ? year.makeupWorkdays.has(date) || (!isWeekend(date) && !year.holidays.has(date))
      : !isWeekend(date);
    return { working, published: year !== undefined };
  };
}

/**
 * The date `days` working days after the given instant, counted in Asia/Shanghai: a limit of 1 ends on the next
 * working day. Days in an unpublished year count Monday to Friday, and the result says it is provisional.
 */
export function addWorkingDays(calendar: WorkingCalendar, from: Date, days: number): DueDate {
  const isWorking = workingDays(calendar);
  let date = shanghaiDate(from);
  let provisional = false;
  for (let counted = 0; counted < days; ) {
    date = nextDate(date);
    const day = isWorking(date);
    if (!day.published) provisional = true;
    if (day.working) counted++;
  }
  return { date, provisional };
}

/**
 * Counts working days from one instant to a later one, in Asia/Shanghai: the same day is 0, the next working day 1.
 * The calendar's years are indexed once per counter, so a caller counting many payments makes one.
 */
export function workingDaysBetween(calendar: WorkingCalendar): (from: Date, to: Date) => number {
  const isWorking = workingDays(calendar);
  return (from, to) => {
    const last = shanghaiDate(to);
    let counted = 0;
    for (let date = nextDate(shanghaiDate(from)); date <= last; date = nextDate(date)) {
      if (isWorking(date).working) counted++;
    }
    return counted;
  };
}

// EventBridge / Scheduler schedules as timers: AWS cron and rate expressions, in the schedule's time zone.
import { Cron } from 'croner';
import type { InvokeFunction, ScheduleSpec, Stoppable } from './types.ts';

const RATE_UNITS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * AWS cron — six fields (minute hour day-of-month month day-of-week year), `?` for the day field left open, Sunday
 * as 1, `L`, `W` and `#` — as croner's seven-field pattern (a leading second), read the Quartz way (Sunday as 1) and
 * with the two day fields both applying, as EventBridge applies them.
 */
export function toCronPattern(awsCron: string): string {
  const fields = awsCron.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`cron(${awsCron}) needs six fields`);
  return `0 ${fields.map((field) => (field === '?' ? '*' : field)).join(' ')}`;
}

/** The croner options that read a pattern from `toCronPattern` as AWS means it. */
export const AWS_CRON_OPTIONS = { mode: '7-part', alternativeWeekdays: true, domAndDow: true } as const;

/**
 * EventBridge Scheduler fills its context attributes into the target input when it fires; so does this, for the
 * attributes that mean something locally (the others keep their placeholder).
 */
export function withContextAttributes(input: unknown, scheduledTime: Date, schedule: ScheduleSpec): unknown {
  const values: Record<string, string> = {
    '<aws.scheduler.scheduled-time>': scheduledTime.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    '<aws.scheduler.schedule-arn>': schedule.logicalId,
    '<aws.scheduler.execution-id>': `${schedule.logicalId}-${scheduledTime.getTime()}`,
    '<aws.scheduler.attempt-number>': '1',
  };
  return JSON.parse(JSON.stringify(input), (_key, value: unknown) =>
    typeof value === 'string' && value in values ? values[value] : value,
  );
}

export function startSchedules(options: {
  schedules: ScheduleSpec[];
  invoke: InvokeFunction;
  onError?: (schedule: ScheduleSpec, error: unknown) => void;
}): Stoppable {
  const stops: (() => void)[] = [];
  for (const schedule of options.schedules) {
    const fire = async (): Promise<void> => {
      await options
        .invoke(schedule.functionName, withContextAttributes(schedule.input, new Date(), schedule))
        .catch((error: unknown) => options.onError?.(schedule, error));
    };
    const rate = /^rate\((\d+)\s+(minute|hour|day)s?\)$/.exec(schedule.expression);
    const cron = /^cron\((.+)\)$/.exec(schedule.expression);
    if (rate) {
      const timer = setInterval(fire, Number(rate[1]) * (RATE_UNITS[rate[2] ?? 'minute'] ?? 60_000));
      timer.unref();
      stops.push(() => clearInterval(timer));
    } else if (cron?.[1]) {
      const job = new Cron(
        toCronPattern(cron[1]),
        { ...AWS_CRON_OPTIONS, timezone: schedule.timezone, unref: true },
        fire,
      );
      stops.push(() => job.stop());
    } else {
      throw new Error(`schedule ${schedule.logicalId}: unsupported expression ${schedule.expression}`);
    }
  }
  return {
    async stop() {
      for (const stop of stops) stop();
    },
  };
}

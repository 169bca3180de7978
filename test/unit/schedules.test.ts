import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { AWS_CRON_OPTIONS, toCronPattern, withContextAttributes } from '../../infra/local/schedules.ts';

/** The next runs of an AWS cron expression in Beijing time, as the local scheduler would fire it. */
const nextRuns = (awsCron: string, count: number, from: string) =>
  new Cron(toCronPattern(awsCron), { ...AWS_CRON_OPTIONS, timezone: 'Asia/Shanghai', paused: true })
    .nextRuns(count, new Date(from))
    .map((date) => date.toISOString());

describe('AWS cron expressions as local timers', () => {
  it('runs the platform’s own schedules at Beijing time', () => {
    expect(nextRuns('5 8-18 * * ? *', 2, '2026-12-01T00:00:00Z')).toEqual([
      '2026-12-01T00:05:00.000Z',
      '2026-12-01T01:05:00.000Z',
    ]);
  });

  it('counts days of week from Sunday as 1, and takes their names', () => {
    // 2026-12-05 is a Saturday: the next weekday run is Monday the 7th, by number and by name alike.
    expect(nextRuns('0 9 ? * 2-6 *', 1, '2026-12-05T00:00:00Z')).toEqual(['2026-12-07T01:00:00.000Z']);
    expect(nextRuns('0 9 ? * MON-FRI *', 1, '2026-12-05T00:00:00Z')).toEqual(['2026-12-07T01:00:00.000Z']);
  });

  it('understands L, W and # as EventBridge does', () => {
    // The last day of the month; the last Friday (6L); the weekday nearest the 15th (2027-05-15 is a Saturday).
    expect(nextRuns('0 9 L * ? *', 1, '2027-02-01T00:00:00Z')).toEqual(['2027-02-28T01:00:00.000Z']);
    expect(nextRuns('0 9 ? * 6L *', 1, '2026-12-01T00:00:00Z')).toEqual(['2026-12-25T01:00:00.000Z']);
    expect(nextRuns('0 9 15W * ? *', 1, '2027-05-01T00:00:00Z')).toEqual(['2027-05-14T01:00:00.000Z']);
    // The first Monday of the month.
    expect(nextRuns('0 9 ? * 2#1 *', 1, '2026-12-01T00:00:00Z')).toEqual(['2026-12-07T01:00:00.000Z']);
  });

  it('keeps the year field', () => {
    expect(nextRuns('0 9 1 1 ? 2028', 1, '2026-12-01T00:00:00Z')).toEqual(['2028-01-01T01:00:00.000Z']);
  });

  it('refuses an expression without six fields', () => {
    expect(() => toCronPattern('0 9 * * *')).toThrow(/six fields/);
  });
});

describe('scheduler context attributes', () => {
  it('fills in the scheduled time as EventBridge Scheduler does, leaving other values alone', () => {
    const schedule = {
      logicalId: 'SlaSweepSchedule',
      expression: 'cron(5 8-18 * * ? *)',
      timezone: 'Asia/Shanghai',
      functionName: 'SlaSweep',
      input: { sweep: 'sla', time: '<aws.scheduler.scheduled-time>' },
    };
    expect(withContextAttributes(schedule.input, new Date('2026-11-23T00:05:00.123Z'), schedule)).toEqual({
      sweep: 'sla',
      time: '2026-11-23T00:05:00Z',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { toCronPattern, withContextAttributes } from '../../infra/local/schedules.ts';

describe('AWS cron expressions as local timers', () => {
  it('drops the year field and the ? placeholder', () => {
    expect(toCronPattern('5 8-18 * * ? *')).toBe('5 8-18 * * *');
    expect(toCronPattern('0 1 * * ? *')).toBe('0 1 * * *');
  });

  it('shifts numeric days of week (AWS counts Sunday as 1) and keeps names', () => {
    expect(toCronPattern('0 9 ? * 2-6 *')).toBe('0 9 * * 1-5');
    expect(toCronPattern('0 9 ? * MON-FRI *')).toBe('0 9 * * MON-FRI');
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

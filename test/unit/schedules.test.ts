import { describe, expect, it } from 'vitest';
import { toCronPattern } from '../../infra/local/schedules.ts';

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

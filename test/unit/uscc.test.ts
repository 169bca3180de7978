import { describe, expect, it } from 'vitest';
import { uscc, usccCheckCharacter, usccProblem } from '../../shared/uscc.ts';

describe('USCC (GB 32100-2015)', () => {
  it('accepts published codes with their check character', () => {
    // Prepare: codes whose check characters are known from public registrations.
    const codes = ['91350100M000100Y43', '911100001000080343', '91110000802100433B'];
    // Act / Assess
    for (const code of codes) expect(usccProblem(code)).toBeUndefined();
  });

  it('computes the check character, including the 31 → 0 wrap', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(usccCheckCharacter('9111000010000803I')).toBeUndefined();
  });

  it.each([
    ['91350100M000100Y44', 'CHECK_CHARACTER'],
    ['91350100M000100Y4', 'LENGTH'],
    ['91350100M000100Y433', 'LENGTH'],
    ['91350100I000100Y43', 'CHARACTER'],
    ['91350100O000100Y43', 'CHARACTER'],
    ['91350100Z000100Y43', 'CHARACTER'],
    ['91350100S000100Y43', 'CHARACTER'],
    ['91350100V000100Y43', 'CHARACTER'],
    ['91350100m000100Y43', 'CHARACTER'],
  ])('refuses %s (%s) with a Chinese message', (code, problem) => {
    expect(usccProblem(code)).toBe(problem);
    const result = uscc.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/统一社会信用代码/);
  });
});

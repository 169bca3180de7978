// 统一社会信用代码 (USCC) per GB 32100-2015: 18 characters from a 31-letter alphabet, the last a check character.
import * as z from 'zod';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or undefined when one is outside the alphabet. */
export function usccCheckCharacter(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i] ?? '?');
    if (value < 0) return undefined;
    sum += value * (WEIGHTS[i] ?? 0);
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export type UsccProblem = 'LENGTH' | 'CHARACTER' | 'DIVISION' | 'CHECK_CHARACTER';

/** Characters 3–8: the GB/T 2260 division code of the authority that registered the code (登记管理机关行政区划码). */
const REGISTERING_DIVISION = /^\d{6}$/;

/** The division of the authority that registered the USCC, or undefined when characters 3–8 are not one. */
export function registeringDivisionOf(value: string): string | undefined {
  const division = value.slice(2, 8);
  return REGISTERING_DIVISION.test(division) ? division : undefined;
}

export function usccProblem(value: string): UsccProblem | undefined {
  if (value.length !== 18) return 'LENGTH';
  if (![...value].every((ch) => ALPHABET.includes(ch))) return 'CHARACTER';
  if (!registeringDivisionOf(value)) return 'DIVISION';
  if (usccCheckCharacter(value.slice(0, 17)) !== value[17]) return 'CHECK_CHARACTER';
  return undefined;
}

const MESSAGES: Record<UsccProblem, string> = {
  LENGTH: '统一社会信用代码应为 18 位',
  CHARACTER: '统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）',
  DIVISION: '统一社会信用代码第 3–8 位应为登记管理机关的行政区划代码（6 位数字）',
  CHECK_CHARACTER: '统一社会信用代码校验位不正确，请核对',
};

/** Zod schema for a USCC, refusing with the precise reason. */
export const uscc = z.string().superRefine((value, ctx) => {
  const problem = usccProblem(value);
  if (problem)
    ctx.addIssue({ code: 'custom', message: MESSAGES[problem], params: { code: `USCC_${problem}` } });
});

// Turns zod's verdict into the platform's refusal: a field path, a stable code and a Chinese message.
import * as z from 'zod';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { type FieldIssue, validationFailed } from './errors.ts';

// Messages reach enterprises and staff, so zod speaks Chinese everywhere.
z.config(zhCN());

/** zod does not report the offending input, so a missing field is told apart from a wrong one here. */
const valueAt = (input: unknown, path: PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (value, key) =>
      value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    input,
  );

const codeOf = (issue: z.core.$ZodIssue, input: unknown): string => {
  // Refinements name their own stable code (USCC_CHECK_CHARACTER, ACCOUNT_NAME_MISMATCH, …).
  if (issue.code === 'custom' && typeof issue.params?.code === 'string') return issue.params.code;
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return 'REQUIRED';
  return issue.code.toUpperCase();
};

export function toFieldIssues(error: z.ZodError, input: unknown): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    // An unknown key is named on its own, so a client sees which field to drop.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: base ? `${base}.${key}` : key,
        code: 'UNKNOWN_FIELD',
        message: `不允许的字段：${key}`,
      }));
    }
    return [{ field: base || '(body)', code: codeOf(issue, input), message: issue.message }];
  });
}

/** Parses or throws a VALIDATION_FAILED refusal listing every bad field. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(toFieldIssues(result.error, input));
  return result.data;
}

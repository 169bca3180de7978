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

/**
 * Characters no name, reference or text may hold: control characters corrupt exports, logs and bank files, and
 * bidirectional embeddings, overrides and isolates make text read differently from what is stored.
 */
const CONTROL = /\p{Cc}/u;
/** Reasons, explanations and comments may run over several lines, and may be indented. */
const CONTROL_BUT_LINE_BREAKS = /[^\P{Cc}\t\n\r]/u;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;

/** Whether a string holds a character `plainText` refuses; the HTTP edge asks it of path parameters too. */
export const hasUnsafeCharacter = (value: string, multiline = false): boolean =>
  (multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(value) || BIDI_CONTROL.test(value);

const fieldNameOf = (path: readonly PropertyKey[] | undefined) =>
  path?.length ? `字段 ${path.map(String).join('.')} ` : '';

/**
 * Makes any string schema (a name, an id, a reference, free text) refuse control characters and bidirectional
 * controls, with the stable codes CONTROL_CHARACTER and BIDI_CONTROL_CHARACTER and a message naming the field.
 * `multiline` lets tab and line breaks through, for reasons, explanations and comments.
 */
export function plainText<T extends z.ZodType<string>>(schema: T, options: { multiline?: boolean } = {}): T {
  const control = options.multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL;
  return schema.check(
    z.refine<string>((value) => !control.test(value), {
      params: { code: 'CONTROL_CHARACTER' },
      error: (issue) =>
        `${fieldNameOf(issue.path)}不能包含控制字符${options.multiline ? '（换行和制表符除外）' : '（如换行、制表符、NUL）'}`,
    }),
    z.refine<string>((value) => !BIDI_CONTROL.test(value), {
      params: { code: 'BIDI_CONTROL_CHARACTER' },
      error: (issue) =>
        `${fieldNameOf(issue.path)}不能包含改变文字显示方向的控制字符（U+202A–U+202E、U+2066–U+2069）`,
    }),
  );
}

/** Parses or throws a VALIDATION_FAILED refusal listing every bad field. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(toFieldIssues(result.error, input));
  return result.data;
}

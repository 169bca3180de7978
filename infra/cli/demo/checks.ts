// How the demo fails: one error type saying, in Chinese, which expectation of the story the platform did not meet.

export class DemoError extends Error {}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new DemoError(message);
}

/** What an earlier step left on the context; a step run without it says which result it lacks. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new DemoError(`缺少前面步骤的结果：${what}`);
  return value;
}

// What the benchmarks share: enterprises of their own USCC range, bounded concurrency, percentiles.
import { bootPlatform, type TestPlatform } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_PREFIX = '91360728MA';

/** The index-th USCC of the bench range, so runs never collide with hand-picked test USCCs. */
export function benchUscc(index: number): string {
  let body = '';
  for (let rest = index, digit = 0; digit < 7; digit++, rest = Math.floor(rest / USCC_ALPHABET.length)) {
    body = USCC_ALPHABET[rest % USCC_ALPHABET.length] + body;
  }
  return validUscc(`${USCC_PREFIX}${body}`);
}

/** Runs `work` over every item, at most `concurrency` at a time; the first failure rejects. */
export async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await work(items[index] as T, index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

export function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a positive integer, got ${text}`);
  return value;
}

/** Boots the local platform in this process, runs the benchmark on it and stops it whatever happens; a failure is
 * printed and sets the exit code. */
export async function onLocalPlatform(run: (local: TestPlatform) => Promise<void>): Promise<void> {
  const local = await bootPlatform();
  try {
    await run(local);
  } catch (error) {
    process.exitCode = 1;
    console.error(error);
  } finally {
    await local.stop();
  }
}

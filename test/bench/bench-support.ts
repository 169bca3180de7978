// What the benchmarks share: enterprises of their own USCC range, bounded concurrency, percentiles.
export { inPool } from '../../shared/in-pool.ts';

import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
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

/**
 * CPU time (ms) a process has used so far, from /proc (Linux); undefined elsewhere. DynamoDB Local serialises its
 * writes, so its CPU per operation is what bounds a local run, steadier than a rate on a shared machine.
 */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime, the 14th and 15th fields of the line, counted after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
/** USER_HZ, 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Boots the local platform in this process, runs the benchmark on it and stops it whatever happens; a failure is
 * printed and sets the exit code. */
export async function onLocalPlatform(
  run: (local: TestPlatform) => Promise<void>,
  options: Parameters<typeof bootPlatform>[1] = {},
): Promise<void> {
  const local = await bootPlatform(undefined, options);
  try {
    await run(local);
  } catch (error) {
    process.exitCode = 1;
    console.error(error);
  } finally {
    await local.stop();
  }
}

/** How busy the machine was, printed beside figures that a shared machine moves. */
export function machineLoad(): string {
  const [oneMinute = 0] = loadavg();
  return `load average ${oneMinute.toFixed(1)} on ${availableParallelism()} cores`;
}

// What the seeded fault tests share: a reproducible random sequence, and ports that crash before or after a call.
/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
}
export type Random = ReturnType<typeof prng>;

export class Crash extends Error {
  override name = 'Crash';
}

/** Wraps every method of a port so that, at random, the process "dies" just before or just after the call. */
export function crashing<T extends object>(port: T, random: Random, probability: number): T {
  return new Proxy(port, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (random.next() < probability / 2) throw new Crash(`before ${String(key)}`);
        const result = await value.apply(target, args);
        if (random.next() < probability / 2) throw new Crash(`after ${String(key)}`);
        return result;
      };
    },
  });
}

/**
 * From this many runs on, DynamoDB Local keeps the JVM's optimising compiler (`longRunning`): over the full proof
 * it pays for itself, over the everyday run's hundred it costs a sixth more CPU than it saves.
 */
export const LONG_RUN = 500;

/**
 * Runs `run` for `runs` consecutive seeds from `first`, `atOnce` side by side (their requests share DynamoDB Local's
 * batches), and returns every invariant any run broke.
 */
export async function acrossSeeds(
  { runs, first, atOnce }: { runs: number; first: number; atOnce: number },
  run: (seed: number) => Promise<string[]>,
): Promise<string[]> {
  const seeds = Array.from({ length: runs }, (_, index) => first + index);
  const problems: string[] = [];
  for (let start = 0; start < seeds.length; start += atOnce) {
    const batch = seeds.slice(start, start + atOnce);
    for (const found of await Promise.all(batch.map(run))) problems.push(...found);
  }
  return problems;
}

// The public catalog reads kept for a few seconds in the function: everyone reads the catalog, admins rarely change it.

import type { CatalogRepository, Page, PolicyQuery } from './repository.ts';
import type { Department, Policy } from './types.ts';

/** What the public catalog routes read; the cache answers these, the admin routes read the store itself. */
export type PublicCatalogReads = Pick<CatalogRepository, 'listPolicies' | 'getPolicy' | 'listDepartments'>;

export interface CatalogCacheOptions {
  /** How long an answer is kept; 0 turns the cache off (every read goes to the store). */
  seconds: number;
  now(): Date;
  /** Distinct reads kept at most (keywords and cursors make many); the oldest goes first. */
  maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 500;
/** Long enough that a crowd's reads come from memory, short enough that a published change shows within a minute. */
export const DEFAULT_CACHE_SECONDS = 30;
/** Beyond this a change could stay hidden for longer than anyone would wait for it. */
const MAX_CACHE_SECONDS = 300;

/** CATALOG_CACHE_SECONDS as the function is given it: unset is the default, anything but 0–300 whole seconds fails. */
export function cacheSecondsOf(setting: string | undefined): number {
  if (setting === undefined || setting === '') return DEFAULT_CACHE_SECONDS;
  const seconds = Number(setting);
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_CACHE_SECONDS)
    throw new Error(
      `CATALOG_CACHE_SECONDS must be whole seconds from 0 to ${MAX_CACHE_SECONDS}, got ${setting}`,
    );
  return seconds;
}

interface Entry {
  expiresAt: number;
  answer: Promise<unknown>;
}

/**
 * Reads kept per query for `seconds`, and the repository whose writes empty the cache: a new version or status
 * written through this instance is seen at once by its next read; another instance's write within `seconds`.
 * The answer is kept as a promise, so a burst of readers of a cold cache asks the store once.
 */
export function catalogReadCache(
  catalog: CatalogRepository,
  options: CatalogCacheOptions,
): { reads: PublicCatalogReads; catalog: CatalogRepository } {
  const entries = new Map<string, Entry>();
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const ttlMs = options.seconds * 1000;

  const kept = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (ttlMs <= 0) return read();
    const now = options.now().getTime();
    const found = entries.get(key);
    if (found && found.expiresAt > now) return found.answer as Promise<T>;
    if (found) entries.delete(key);
    while (entries.size >= maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
    const entry: Entry = { expiresAt: now + ttlMs, answer: read() };
    entries.set(key, entry);
    // A failed read is not kept: the next reader asks the store again.
    entry.answer.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return entry.answer as Promise<T>;
  };

  const writing =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args);
      } finally {
        // Emptied even when the write was refused: a 409 means the store moved on from what was read.
        entries.clear();
      }
    };

  return {
    reads: {
      listPolicies: (query: PolicyQuery): Promise<Page<Policy>> =>
        kept(`policies ${JSON.stringify(query)}`, () => catalog.listPolicies(query)),
      getPolicy: (id: string): Promise<Policy | undefined> =>
        kept(`policy ${id}`, () => catalog.getPolicy(id)),
      listDepartments: (divisionCode: string): Promise<Department[]> =>
        kept(`departments ${divisionCode}`, () => catalog.listDepartments(divisionCode)),
    },
    catalog: {
      ...catalog,
      createPolicy: writing(catalog.createPolicy),
      replacePolicy: writing(catalog.replacePolicy),
      seed: writing(catalog.seed),
    },
  };
}

// The catalog's short-lived read cache: answers kept for their seconds on an injected clock, emptied by a write of the
// same instance, one store read for a burst of readers, nothing kept when turned off or when the store failed.
import { describe, expect, it } from 'vitest';
import { DINGNAN_DIVISION_CODE, parseCatalogTsv } from '../../shared/catalog/dingnan.ts';
import catalogTsv from '../../shared/catalog/dingnan-2022-catalog.tsv';
import { cacheSecondsOf, catalogReadCache } from '../../shared/catalog/read-cache.ts';
import type { CatalogRepository, PolicyQuery } from '../../shared/catalog/repository.ts';
import type { Policy } from '../../shared/catalog/types.ts';

const shipped = parseCatalogTsv(catalogTsv);
const ACTOR = { role: 'admin', subject: 'admin-dingnan' } as const;
const QUERY: PolicyQuery = { divisionCode: DINGNAN_DIVISION_CODE, status: 'published', limit: 20 };

/** An in-memory catalog that counts the reads reaching it. */
function storeOf(policies: Policy[]) {
  const current = new Map(policies.map((policy) => [policy.id, policy]));
  const reads = { list: 0, get: 0, departments: 0 };
  let failNextRead = false;
  const read = <T>(answer: () => T) =>
    new Promise<T>((resolve, reject) =>
      setImmediate(() => {
        if (failNextRead) {
          failNextRead = false;
          reject(new Error('store unavailable'));
        } else resolve(answer());
      }),
    );
  const store: CatalogRepository = {
    listPolicies: (query) => {
      reads.list++;
      return read(() => ({
        items: [...current.values()].filter((p) => p.status === query.status).slice(0, query.limit),
        nextCursor: null,
      }));
    },
    getPolicy: (id) => {
      reads.get++;
      return read(() => current.get(id));
    },
    getPolicyVersion: async () => undefined,
    getDepartment: async (id) => shipped.departments.find((d) => d.id === id),
    listDepartments: (divisionCode) => {
      reads.departments++;
      return read(() => shipped.departments.filter((d) => d.divisionCode === divisionCode));
    },
    createPolicy: async (policy) => {
      current.set(policy.id, policy);
      return policy;
    },
    replacePolicy: async (was, next) => {
      if (current.get(was.id)?.version !== was.version) throw new Error('changed by someone else');
      current.set(next.id, next);
      return next;
    },
    seed: async () => ({ written: 0, kept: 0 }),
  };
  return { store, reads, failNextRead: () => (failNextRead = true) };
}

function clock() {
  let at = Date.parse('2026-03-02T01:00:00.000Z');
  return { now: () => new Date(at), advance: (seconds: number) => (at += seconds * 1000) };
}

const first = shipped.policies[0] as Policy;

describe('the catalog read cache', () => {
  it('answers repeated reads from memory until its seconds have passed', async () => {
    // Prepare
    const { store, reads } = storeOf(shipped.policies);
    const time = clock();
    const cache = catalogReadCache(store, { seconds: 30, now: time.now });

    // Act
    await cache.reads.listPolicies(QUERY);
    await cache.reads.listPolicies({ ...QUERY });
    await cache.reads.getPolicy(first.id);
    await cache.reads.getPolicy(first.id);
    await cache.reads.listDepartments(DINGNAN_DIVISION_CODE);
    time.advance(29);
    await cache.reads.listPolicies(QUERY);
    await cache.reads.listDepartments(DINGNAN_DIVISION_CODE);
    const readsWithin = { ...reads };
    time.advance(1);
    await cache.reads.listPolicies(QUERY);
    await cache.reads.getPolicy(first.id);
    await cache.reads.listDepartments(DINGNAN_DIVISION_CODE);

    // Assess
    expect(readsWithin).toEqual({ list: 1, get: 1, departments: 1 });
    expect(reads).toEqual({ list: 2, get: 2, departments: 2 });
  });

  it('keeps each query apart: another page, filter or id is read from the store', async () => {
    // Prepare
    const { store, reads } = storeOf(shipped.policies);
    const cache = catalogReadCache(store, { seconds: 30, now: clock().now });

    // Act
    await cache.reads.listPolicies(QUERY);
    await cache.reads.listPolicies({ ...QUERY, limit: 5 });
    await cache.reads.listPolicies({ ...QUERY, keyword: '电价' });
    await cache.reads.getPolicy(first.id);
    await cache.reads.getPolicy((shipped.policies[1] as Policy).id);

    // Assess
    expect(reads).toMatchObject({ list: 3, get: 2 });
  });

  it('is emptied by a new version or a status change written through the same instance', async () => {
    // Prepare
    const { store, reads } = storeOf(shipped.policies);
    const cache = catalogReadCache(store, { seconds: 30, now: clock().now });
    const before = await cache.reads.getPolicy(first.id);
    await cache.reads.listPolicies(QUERY);

    // Act
    await cache.catalog.replacePolicy(first, { ...first, version: 2, name: '新名称' }, ACTOR, 'edit_guide');
    const edited = await cache.reads.getPolicy(first.id);
    const afterEdit = { ...reads };
    const current = edited as Policy;
    await cache.catalog.replacePolicy(current, { ...current, status: 'suspended' }, ACTOR, 'change_status');
    const listed = await cache.reads.listPolicies(QUERY);

    // Assess
    expect(before?.version).toBe(1);
    expect(edited).toMatchObject({ version: 2, name: '新名称' });
    expect(afterEdit.get).toBe(2);
    expect(listed.items.map((p) => p.id)).not.toContain(first.id);
    expect(reads.list).toBe(2);
  });

  it('is emptied by a refused write too, which means the store moved on from what was read', async () => {
    // Prepare
    const { store, reads } = storeOf(shipped.policies);
    const cache = catalogReadCache(store, { seconds: 30, now: clock().now });
    await cache.reads.getPolicy(first.id);

    // Act
    const refused = cache.catalog.replacePolicy({ ...first, version: 7 }, first, ACTOR, 'edit_guide');
    await expect(refused).rejects.toThrow('changed by someone else');
    await cache.reads.getPolicy(first.id);

    // Assess
    expect(reads.get).toBe(2);
  });

  it('asks the store once for a burst of readers of a cold cache, and keeps no failed read', async () => {
    // Prepare
    const { store, reads, failNextRead } = storeOf(shipped.policies);
    const cache = catalogReadCache(store, { seconds: 30, now: clock().now });

    // Act
    const burst = await Promise.all(Array.from({ length: 50 }, () => cache.reads.listPolicies(QUERY)));
    failNextRead();
    const failed = cache.reads.getPolicy(first.id);
    await expect(failed).rejects.toThrow('store unavailable');
    const retried = await cache.reads.getPolicy(first.id);

    // Assess
    expect(burst).toHaveLength(50);
    expect(reads.list).toBe(1);
    expect(retried?.id).toBe(first.id);
    expect(reads.get).toBe(2);
  });

  it('reads the store every time when given 0 seconds', async () => {
    // Prepare
    const { store, reads } = storeOf(shipped.policies);
    const cache = catalogReadCache(store, { seconds: 0, now: clock().now });

    // Act
    await cache.reads.listPolicies(QUERY);
    await cache.reads.listPolicies(QUERY);

    // Assess
    expect(reads.list).toBe(2);
  });

  it('keeps at most its number of distinct reads, dropping the oldest', async () => {
    // Prepare
    const { store, reads } = storeOf(shipped.policies);
    const cache = catalogReadCache(store, { seconds: 30, now: clock().now, maxEntries: 2 });

    // Act
    for (const policy of shipped.policies.slice(0, 3)) await cache.reads.getPolicy(policy.id);
    await cache.reads.getPolicy((shipped.policies[2] as Policy).id);
    await cache.reads.getPolicy(first.id);

    // Assess: the third was kept, the first had been dropped for it.
    expect(reads.get).toBe(4);
  });

  it('takes CATALOG_CACHE_SECONDS as whole seconds from 0 to 300, 30 when unset', () => {
    expect(cacheSecondsOf(undefined)).toBe(30);
    expect(cacheSecondsOf('0')).toBe(0);
    expect(cacheSecondsOf('60')).toBe(60);
    for (const wrong of ['-1', '1.5', 'abc', '301'])
      expect(() => cacheSecondsOf(wrong)).toThrow(/CATALOG_CACHE_SECONDS/);
  });
});

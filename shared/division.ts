// GB/T 2260 administrative division codes (行政区划代码): the jurisdiction of policies, staff and enterprises.
import * as z from 'zod';

/** Six digits: a county's own code, a city's ending in 00, a province's in 0000. */
export const divisionCode = z.string().regex(/^\d{6}$/, '行政区划代码应为 6 位数字');

/** Whether a division lies within another: the same code, or a county under its city or province. */
export function divisionCovers(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (outer.endsWith('0000')) return inner.startsWith(outer.slice(0, 2));
  if (outer.endsWith('00')) return inner.startsWith(outer.slice(0, 4));
  return false;
}

/** Whether two divisions lie in the same city: GB/T 2260 gives a city's counties its first four digits. */
export const sameCity = (a: string, b: string): boolean => a.slice(0, 4) === b.slice(0, 4);

/**
 * The division an id begins with, or undefined when it begins with none: department and agency ids are
 * `<division>-<name>` ('360728-credit'), reconciliation ids `<division>-…`. No other module reads it from an id.
 */
export function divisionOfId(id: string): string | undefined {
  const prefix = id.slice(0, 6);
  return divisionCode.safeParse(prefix).success ? prefix : undefined;
}

/** The division that owns a policy: policy ids are `<division>-<seq>` ('360728-020' → '360728'). */
export const divisionOfPolicy = (policyId: string): string => policyId.slice(0, 6);

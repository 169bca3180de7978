// Agencies' blacklists (失信、涉黑涉恶、生态环境违法、安全生产违法…), which joint review and the payer screen against.
import * as z from 'zod';
import { isoDate } from '../dates.ts';
import { divisionCovers } from '../division.ts';
import { plainText } from '../validation.ts';

export interface BlacklistEntry {
  uscc: string;
  /** The agency keeping the list; its id starts with its division code ("360728-credit"). */
  agencyId: string;
  agencyDivision: string;
  reason: string;
  /** Last day on the list, if the listing is for a term. */
  listedUntil?: string;
  listedAt: string;
  listedBy: string;
}

export const blacklistBody = z.strictObject({
  reason: plainText(z.string().trim().min(2).max(500), { multiline: true }),
  listedUntil: isoDate.optional(),
});
export type BlacklistBody = z.infer<typeof blacklistBody>;

/**
 * The entries that count against an enterprise for a case in `caseDivision` on `today`: lists of agencies whose
 * jurisdiction covers the case (a city's list applies to its counties), and listings whose term has not ended.
 */
export function hitsFor(entries: BlacklistEntry[], caseDivision: string, today: string): BlacklistEntry[] {
  return entries.filter(
    (entry) =>
      divisionCovers(entry.agencyDivision, caseDivision) &&
      (entry.listedUntil === undefined || entry.listedUntil >= today),
  );
}

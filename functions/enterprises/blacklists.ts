// An agency keeps its own blacklist: list, delist and read it. Joint review and the payer read every list.
import type { BlacklistBody, BlacklistEntry } from '../../shared/blacklists/blacklist.ts';
import type { BlacklistRepository } from '../../shared/blacklists/repository.ts';
import { divisionOfId } from '../../shared/division.ts';
import { forbidden, notFound } from '../../shared/errors.ts';
import { actorOf, type Principal } from '../../shared/principal.ts';

/**
 * An agency's list applies within the jurisdiction its id names ("360728-credit"), which is also how the audit
 * trail and overseers find it; a token claiming another division is refused rather than trusted.
 */
function agencyDivisionOf(principal: Principal): string {
  const division = divisionOfId(principal.subject);
  if (!division || (principal.division && principal.division !== division)) {
    throw forbidden('联审部门标识须以其行政区划代码开头');
  }
  return division;
}

export async function listEnterprise(
  blacklists: BlacklistRepository,
  principal: Principal,
  uscc: string,
  body: BlacklistBody,
  now: Date,
): Promise<BlacklistEntry> {
  const entry: BlacklistEntry = {
    uscc,
    agencyId: principal.subject,
    agencyDivision: agencyDivisionOf(principal),
    reason: body.reason,
    ...(body.listedUntil ? { listedUntil: body.listedUntil } : {}),
    listedAt: now.toISOString(),
    listedBy: `${principal.role}:${principal.subject}`,
  };
  await blacklists.put(entry, actorOf(principal));
  return entry;
}

export async function delistEnterprise(
  blacklists: BlacklistRepository,
  principal: Principal,
  uscc: string,
  now: Date,
): Promise<{ uscc: string; agencyId: string; delisted: true }> {
  agencyDivisionOf(principal);
  // Only the agency's own entry can go: another agency's listing of the same enterprise is not touched.
  const removed = await blacklists.remove(principal.subject, uscc, actorOf(principal), now.toISOString());
  if (!removed) throw notFound('名单记录');
  return { uscc, agencyId: principal.subject, delisted: true };
}

// Enterprise routes: the caller's own profile and matches; staff who pay or file look an enterprise up by USCC.
import type { BlacklistRepository } from '../../shared/blacklists/repository.ts';
import { enterpriseNotRegistered } from '../../shared/enterprises/types.ts';
import { ok, type RoutesOf } from '../../shared/http.ts';
import type { Principal } from '../../shared/principal.ts';
import { delistEnterprise, listEnterprise } from './blacklists.ts';
import { type EnterprisePorts, enterpriseForStaff, matchPolicies, saveOwnProfile } from './enterprises.ts';

export function enterpriseRoutes(
  ports: EnterprisePorts & { blacklists: BlacklistRepository },
): RoutesOf<'enterprises'> {
  const ownProfile = async (principal: Principal) => {
    const enterprise = await ports.enterprises.get(principal.subject);
    if (!enterprise) throw enterpriseNotRegistered();
    return enterprise;
  };
  return {
    'PUT /enterprises/me': async ({ principal, body }) => ok(await saveOwnProfile(ports, principal, body)),

    'GET /enterprises/me': async ({ principal }) => ok(await ownProfile(principal)),

    'GET /enterprises/me/matches': async ({ principal }) =>
      ok(await matchPolicies(ports, await ownProfile(principal))),

    // Window staff file on an enterprise's behalf; the payer checks whom it pays.
    'GET /enterprises/{uscc}': async ({ principal, path }) =>
      ok(await enterpriseForStaff(ports, principal, path.uscc)),

    'GET /blacklist': async ({ principal }) =>
      ok({ items: await ports.blacklists.listOf(principal.subject) }),

    'PUT /blacklist/{uscc}': async ({ principal, path, body }) =>
      ok(await listEnterprise(ports.blacklists, principal, path.uscc, body, ports.now())),

    'DELETE /blacklist/{uscc}': async ({ principal, path }) =>
      ok(await delistEnterprise(ports.blacklists, principal, path.uscc, ports.now())),
  };
}

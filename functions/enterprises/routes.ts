// Enterprise routes: the caller's own profile and matches; staff who pay or file look an enterprise up by USCC.
import { divisionCovers } from '../../shared/division.ts';
import { enterpriseBody, enterpriseNotRegistered } from '../../shared/enterprises/types.ts';
import { notFound } from '../../shared/errors.ts';
import { type HttpEvent, type HttpResult, jsonBody, ok } from '../../shared/http.ts';
import { principalOf, requireRole } from '../../shared/principal.ts';
import { parseWith } from '../../shared/validation.ts';
import { type EnterprisePorts, matchPolicies, saveOwnProfile } from './enterprises.ts';

export function enterpriseRoutes(ports: EnterprisePorts) {
  const ownProfile = async (event: HttpEvent) => {
    const principal = principalOf(event);
    requireRole(principal, 'enterprise');
    const enterprise = await ports.enterprises.get(principal.subject);
    if (!enterprise) throw enterpriseNotRegistered();
    return enterprise;
  };
  return {
    'PUT /enterprises/me': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'enterprise');
      return ok(await saveOwnProfile(ports, principal, parseWith(enterpriseBody, jsonBody(event))));
    },

    'GET /enterprises/me': async (event: HttpEvent): Promise<HttpResult> => ok(await ownProfile(event)),

    'GET /enterprises/me/matches': async (event: HttpEvent): Promise<HttpResult> =>
      ok({ items: await matchPolicies(ports, await ownProfile(event)) }),

    'GET /enterprises/{uscc}': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      // Window staff file on an enterprise's behalf; the payer checks whom it pays.
      requireRole(principal, 'window', 'payer');
      const enterprise = await ports.enterprises.get(event.pathParameters?.uscc ?? '');
      // Staff see enterprises registered in their own jurisdiction (or that declared none).
      const outside =
        enterprise?.divisionCode !== undefined &&
        !(principal.division && divisionCovers(principal.division, enterprise.divisionCode));
      if (!enterprise || outside) throw notFound('企业');
      return ok(enterprise);
    },
  };
}

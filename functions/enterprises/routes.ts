// Enterprise routes: the caller's own profile and matches; staff who pay or file look an enterprise up by USCC.
import * as z from 'zod';
import { blacklistBody } from '../../shared/blacklists/blacklist.ts';
import type { BlacklistRepository } from '../../shared/blacklists/repository.ts';
import { enterpriseBody, enterpriseNotRegistered } from '../../shared/enterprises/types.ts';
import { type HttpEvent, type HttpResult, jsonBody, ok } from '../../shared/http.ts';
import { principalOf, requireRole } from '../../shared/principal.ts';
import { uscc } from '../../shared/uscc.ts';
import { parseWith } from '../../shared/validation.ts';
import { delistEnterprise, listEnterprise } from './blacklists.ts';
import { type EnterprisePorts, enterpriseForStaff, matchPolicies, saveOwnProfile } from './enterprises.ts';

const listedPath = z.object({ uscc });

export function enterpriseRoutes(ports: EnterprisePorts & { blacklists: BlacklistRepository }) {
  const listedUscc = (event: HttpEvent) => parseWith(listedPath, { uscc: event.pathParameters?.uscc }).uscc;
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
      return ok(await enterpriseForStaff(ports, principal, event.pathParameters?.uscc ?? ''));
    },

    'GET /blacklist': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'agency');
      return ok({ items: await ports.blacklists.listOf(principal.subject) });
    },

    'PUT /blacklist/{uscc}': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'agency');
      const body = parseWith(blacklistBody, jsonBody(event));
      return ok(await listEnterprise(ports.blacklists, principal, listedUscc(event), body, ports.now()));
    },

    'DELETE /blacklist/{uscc}': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'agency');
      return ok(await delistEnterprise(ports.blacklists, principal, listedUscc(event), ports.now()));
    },
  };
}

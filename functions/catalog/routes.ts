// Catalog routes: public reads (一网查询) of policies, versions and departments; administration of the catalog.
import * as z from 'zod';
import type { CalendarRepository } from '../../shared/calendar/repository.ts';
import type { PublicCatalogReads } from '../../shared/catalog/read-cache.ts';
import { notFound } from '../../shared/errors.ts';
import { created, ok, type RoutesOf } from '../../shared/http.ts';
import { divisionOf } from '../../shared/principal.ts';
import { loadYear, viewYear } from './calendar.ts';
import { type CatalogPorts, changeStatus, createPolicy, editGuide } from './catalog.ts';

const versionNumber = z.coerce.number().int().min(1).max(1_000_000);

/**
 * `publicReads` answers the public reads (a short-lived cache in the function); the admin routes read `catalog`, the
 * store itself, so a change is always made to what is current.
 */
export function catalogRoutes(
  ports: CatalogPorts & { calendars: CalendarRepository; publicReads: PublicCatalogReads },
  defaultDivisionCode: string,
): Omit<RoutesOf<'catalog'>, 'GET /openapi.json' | 'GET /health'> {
  const { catalog, calendars, publicReads } = ports;
  return {
    'GET /policies': async ({ query }) => {
      const page = await publicReads.listPolicies({
        divisionCode: query.division ?? defaultDivisionCode,
        mode: query.mode,
        departmentId: query.department,
        keyword: query.keyword,
        effectiveOn: query.effectiveOn,
        status: query.status,
        limit: query.limit,
        cursor: query.cursor,
      });
      return ok(page);
    },

    'GET /policies/{id}': async ({ path }) => {
      const policy = await publicReads.getPolicy(path.id);
      if (!policy || policy.status === 'draft') throw notFound('政策事项');
      return ok(policy);
    },

    'GET /policies/{id}/versions/{version}': async ({ path }) => {
      // A version that is not a number is as absent as one never made.
      const version = versionNumber.safeParse(path.version);
      const current = await catalog.getPolicy(path.id);
      // A draft's versions are as unpublished as the draft itself.
      const found =
        version.success && current && current.status !== 'draft'
          ? await catalog.getPolicyVersion(current.id, version.data)
          : undefined;
      if (!found) throw notFound('政策事项版本');
      return ok(found);
    },

    // Drafts are read from the store itself: an admin editing one must see what is current.
    'GET /policy-drafts': async ({ principal, query }) =>
      ok(
        await catalog.listPolicies({
          divisionCode: divisionOf(principal),
          status: 'draft',
          limit: query.limit,
          cursor: query.cursor,
        }),
      ),

    'GET /departments': async ({ query }) =>
      ok({ items: await publicReads.listDepartments(query.division ?? defaultDivisionCode) }),

    'POST /policies': async ({ principal, body }) => created(await createPolicy(ports, principal, body)),

    'PUT /policies/{id}': async ({ principal, path, body }) =>
      ok(await editGuide(ports, principal, path.id, body)),

    'POST /policies/{id}/status': async ({ principal, path, body }) =>
      ok(await changeStatus(ports, principal, path.id, body)),

    'GET /calendar/{year}': async ({ path }) => ok(await viewYear(calendars, path.year)),

    'PUT /calendar/{year}': async ({ principal, path, body }) =>
      ok(await loadYear(calendars, principal, path.year, body, ports.now())),
  };
}

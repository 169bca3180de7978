// Catalog routes: public reads (一网查询) of policies, versions and departments; administration of the catalog.
import * as z from 'zod';
import type { CalendarRepository } from '../../shared/calendar/repository.ts';
import { calendarYearBody, calendarYearNumber } from '../../shared/calendar/types.ts';
import { guide } from '../../shared/catalog/types.ts';
import { notFound } from '../../shared/errors.ts';
import { created, type HttpEvent, type HttpResult, jsonBody, ok } from '../../shared/http.ts';
import { principalOf, requireRole } from '../../shared/principal.ts';
import { parseWith } from '../../shared/validation.ts';
import { loadYear, viewYear } from './calendar.ts';
import {
  type CatalogPorts,
  changeStatus,
  createPolicy,
  departmentListQuery,
  editGuide,
  newPolicyBody,
  policyListQuery,
  policyStatusBody,
} from './catalog.ts';

const versionNumber = z.coerce.number().int().min(1).max(1_000_000);

export function catalogRoutes(
  ports: CatalogPorts & { calendars: CalendarRepository },
  defaultDivisionCode: string,
) {
  const { catalog, calendars } = ports;
  const idOf = (event: HttpEvent) => event.pathParameters?.id ?? '';
  const yearOf = (event: HttpEvent) => parseWith(calendarYearNumber, event.pathParameters?.year);
  return {
    'GET /policies': async (event: HttpEvent): Promise<HttpResult> => {
      const query = parseWith(policyListQuery, event.queryStringParameters ?? {});
      const page = await catalog.listPolicies({
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

    'GET /policies/{id}': async (event: HttpEvent): Promise<HttpResult> => {
      const policy = await catalog.getPolicy(idOf(event));
      if (!policy || policy.status === 'draft') throw notFound('政策事项');
      return ok(policy);
    },

    'GET /policies/{id}/versions/{version}': async (event: HttpEvent): Promise<HttpResult> => {
      const version = versionNumber.safeParse(event.pathParameters?.version);
      const current = await catalog.getPolicy(idOf(event));
      // A draft's versions are as unpublished as the draft itself.
      const found =
        version.success && current && current.status !== 'draft'
          ? await catalog.getPolicyVersion(current.id, version.data)
          : undefined;
      if (!found) throw notFound('政策事项版本');
      return ok(found);
    },

    'GET /departments': async (event: HttpEvent): Promise<HttpResult> => {
      const query = parseWith(departmentListQuery, event.queryStringParameters ?? {});
      return ok({ items: await catalog.listDepartments(query.division ?? defaultDivisionCode) });
    },

    'POST /policies': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'admin');
      return created(await createPolicy(ports, principal, parseWith(newPolicyBody, jsonBody(event))));
    },

    'PUT /policies/{id}': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'admin', 'department');
      return ok(await editGuide(ports, principal, idOf(event), parseWith(guide, jsonBody(event))));
    },

    'POST /policies/{id}/status': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'admin');
      return ok(
        await changeStatus(ports, principal, idOf(event), parseWith(policyStatusBody, jsonBody(event))),
      );
    },

    'GET /calendar/{year}': async (event: HttpEvent): Promise<HttpResult> =>
      ok(await viewYear(calendars, yearOf(event))),

    'PUT /calendar/{year}': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'admin');
      const year = yearOf(event);
      const body = parseWith(calendarYearBody, jsonBody(event));
      return ok(await loadYear(calendars, principal, year, body, ports.now()));
    },
  };
}

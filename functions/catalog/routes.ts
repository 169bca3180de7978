// Public catalog reads (一网查询): policies of a jurisdiction, one policy, and its departments.
import * as z from 'zod';
import type { CatalogRepository } from '../../shared/catalog/repository.ts';
import { divisionCode, MODES } from '../../shared/catalog/types.ts';
import { notFound } from '../../shared/errors.ts';
import { type HttpEvent, type HttpResult, ok } from '../../shared/http.ts';
import { parseWith } from '../../shared/validation.ts';

export const MAX_PAGE_SIZE = 100;

const policyListQuery = z.strictObject({
  mode: z.enum(MODES).optional(),
  department: z.string().min(1).max(64).optional(),
  division: divisionCode.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  cursor: z.string().max(2048).optional(),
});

const departmentListQuery = z.strictObject({ division: divisionCode.optional() });

export function catalogRoutes(catalog: CatalogRepository, defaultDivisionCode: string) {
  return {
    'GET /policies': async (event: HttpEvent): Promise<HttpResult> => {
      const query = parseWith(policyListQuery, event.queryStringParameters ?? {});
      const page = await catalog.listPolicies({
        divisionCode: query.division ?? defaultDivisionCode,
        mode: query.mode,
        departmentId: query.department,
        limit: query.limit,
        cursor: query.cursor,
      });
      return ok(page);
    },

    'GET /policies/{id}': async (event: HttpEvent): Promise<HttpResult> => {
      const policy = await catalog.getPolicy(event.pathParameters?.id ?? '');
      if (!policy) throw notFound('政策事项');
      return ok(policy);
    },

    'GET /departments': async (event: HttpEvent): Promise<HttpResult> => {
      const query = parseWith(departmentListQuery, event.queryStringParameters ?? {});
      return ok({ items: await catalog.listDepartments(query.division ?? defaultDivisionCode) });
    },
  };
}

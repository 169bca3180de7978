// HTTP routes of intake: file a case, read one, list the caller's own.
import * as z from 'zod';
import type { CaseRepository } from '../../shared/cases/repository.ts';
import { notFound } from '../../shared/errors.ts';
import { created, type HttpEvent, type HttpResult, jsonBody, ok } from '../../shared/http.ts';
import { principalOf, requireRole } from '../../shared/principal.ts';
import { uscc } from '../../shared/uscc.ts';
import { parseWith } from '../../shared/validation.ts';
import { applicationBody, assertMayRead, fileApplication, type IntakePorts } from './intake.ts';

const listQuery = z.strictObject({ uscc: uscc.optional() });

export function intakeRoutes(ports: IntakePorts & { cases: CaseRepository }) {
  return {
    'POST /applications': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'enterprise', 'window');
      const record = await fileApplication(ports, principal, parseWith(applicationBody, jsonBody(event)));
      return created(record);
    },

    'GET /applications/{id}': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'enterprise', 'window', 'department');
      const record = await ports.cases.getCase(event.pathParameters?.id ?? '');
      if (!record) throw notFound('办件');
      assertMayRead(principal, record);
      return ok(record);
    },

    'GET /applications': async (event: HttpEvent): Promise<HttpResult> => {
      const principal = principalOf(event);
      requireRole(principal, 'enterprise', 'window');
      const query = parseWith(listQuery, event.queryStringParameters ?? {});
      // Enterprises see only their own; window staff look an enterprise up by its USCC.
      const enterprise = principal.role === 'enterprise' ? principal.subject : query.uscc;
      if (!enterprise) return ok({ items: [] });
      return ok({ items: await ports.cases.listCasesOf(enterprise) });
    },
  };
}

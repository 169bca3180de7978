// Lambda entry for reviewers' routes: open tasks and decisions, resumed through Step Functions task tokens.

import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { chainResumer } from '../../shared/chains/aws.ts';
import { envOf } from '../../shared/dynamo.ts';
import { type HttpEvent, httpHandler, jsonBody, ok } from '../../shared/http.ts';
import { principalOf, requireRole } from '../../shared/principal.ts';
import { parseWith } from '../../shared/validation.ts';
import { decide, decisionBody, listEscalations, listTasks, type ReviewPorts } from './review.ts';

const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const ports: ReviewPorts = {
  cases: dynamoCaseRepository(envOf('CASES_TABLE'), audit),
  catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
  now: () => new Date(),
  resumeChain: chainResumer(envOf('CASES_TABLE')),
};

export const handler = httpHandler({
  'GET /tasks': async (event: HttpEvent) => {
    const principal = principalOf(event);
    requireRole(principal, 'department', 'agency');
    return ok({ items: await listTasks(ports, principal) });
  },
  'GET /escalations': async (event: HttpEvent) => {
    const principal = principalOf(event);
    requireRole(principal, 'department', 'agency');
    return ok({ items: await listEscalations(ports, principal) });
  },
  'POST /tasks/{id}/decision': async (event: HttpEvent) => {
    const principal = principalOf(event);
    requireRole(principal, 'department', 'agency');
    const body = parseWith(decisionBody, jsonBody(event));
    return ok(await decide(ports, principal, event.pathParameters?.id ?? '', body));
  },
});

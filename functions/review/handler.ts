// Lambda entry for reviewers' routes: open tasks and decisions, resumed through Step Functions task tokens.

import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { type HttpEvent, httpHandler, jsonBody, ok } from '../../shared/http.ts';
import { tracer } from '../../shared/observability.ts';
import { principalOf, requireRole } from '../../shared/principal.ts';
import { parseWith } from '../../shared/validation.ts';
import { decide, decisionBody, listEscalations, listTasks, type ReviewPorts } from './review.ts';

const sfn = tracer.captureAWSv3Client(new SFNClient({}));
const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const ports: ReviewPorts = {
  cases: dynamoCaseRepository(envOf('CASES_TABLE'), audit),
  catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
  now: () => new Date(),
  async resumeChain(taskToken, decision) {
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision) }));
  },
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

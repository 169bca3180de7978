// Lambda entry for reviewers' routes: open tasks and decisions, resumed through Step Functions task tokens.

import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { chainResumer } from '../../shared/chains/aws.ts';
import { envOf } from '../../shared/dynamo.ts';
import { httpHandler, ok } from '../../shared/http.ts';
import { recordMetric } from '../../shared/observability.ts';
import { decide, listEscalations, listTasks, type ReviewPorts } from './review.ts';

const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const ports: ReviewPorts = {
  cases: dynamoCaseRepository(envOf('CASES_TABLE'), audit),
  catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
  now: () => new Date(),
  resumeChain: chainResumer(envOf('CASES_TABLE')),
};

export const handler = httpHandler('review', {
  'GET /tasks': async ({ principal }) => ok({ items: await listTasks(ports, principal) }),
  'GET /escalations': async ({ principal }) => ok({ items: await listEscalations(ports, principal) }),
  'POST /tasks/{id}/decision': async ({ principal, path, body }) => {
    const task = await decide(ports, principal, path.id, body);
    recordMetric('Decisions', 1, body.outcome);
    return ok(task);
  },
});

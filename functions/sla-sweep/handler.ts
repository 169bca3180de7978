// Lambda entry for the scheduled SLA sweep.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { logger, tracer } from '../../shared/observability.ts';
import { sweep } from './sweep.ts';

const cases = dynamoCaseRepository(envOf('CASES_TABLE'), dynamoAuditLog(envOf('AUDIT_TABLE')));

export const handler = middy(async () => {
  const result = await sweep({
    openTasksDueBy: (date) => cases.openTasksDueBy(date),
    setColour: (id, colour) => cases.setTaskColour(id, colour),
    now: () => new Date(),
  });
  logger.info('sla sweep done', result);
  return result;
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger));

// Lambda entry for the approval chain's Task states; failures propagate so the execution shows them.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoBlacklistRepository } from '../../shared/blacklists/repository.ts';
import { dynamoCalendarRepository } from '../../shared/calendar/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { dynamoEnterpriseRepository } from '../../shared/enterprises/repository.ts';
import { logger, tracer } from '../../shared/observability.ts';
import { sqsPayoutQueue } from '../../shared/payments/queue.ts';
import { runStep, type StepPorts, stepEvent } from './steps.ts';

const payoutQueue = sqsPayoutQueue(tracer.captureAWSv3Client(new SQSClient({})), envOf('PAYOUT_QUEUE_URL'));
const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const calendars = dynamoCalendarRepository(envOf('CATALOG_TABLE'), audit);
const ports: StepPorts = {
  cases: dynamoCaseRepository(envOf('CASES_TABLE'), audit),
  catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
  enterprises: dynamoEnterpriseRepository(envOf('ENTERPRISES_TABLE'), audit),
  blacklists: dynamoBlacklistRepository(envOf('ENTERPRISES_TABLE'), audit),
  calendar: () => calendars.calendar(),
  now: () => new Date(),
  sendPayoutOrder: (order) => payoutQueue.send([order]),
};

export const handler = middy(async (event: unknown) => {
  const step = stepEvent.parse(event);
  // A case is followed by its id through every step of its chain.
  logger.appendKeys({ caseId: step.caseId });
  return runStep(ports, step);
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }));

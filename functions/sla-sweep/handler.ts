// Lambda entry for the scheduled SLA sweep.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCalendarRepository } from '../../shared/calendar/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { chainResumer } from '../../shared/chains/aws.ts';
import { envOf } from '../../shared/dynamo.ts';
import { logger, publishMetrics, recordMetric, tracer } from '../../shared/observability.ts';
import { sweep } from './sweep.ts';

const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const cases = dynamoCaseRepository(envOf('CASES_TABLE'), audit);
const calendars = dynamoCalendarRepository(envOf('CATALOG_TABLE'), audit);

/** The schedule passes its scheduled time (<aws.scheduler.scheduled-time>); a manual run may omit it. */
const sweepEvent = z.object({ time: z.iso.datetime({ offset: true }).optional() }).loose();

export const handler = middy(async (event: unknown) => {
  const { time } = sweepEvent.parse(event ?? {});
  const result = await sweep({
    cases,
    resumeChain: chainResumer(envOf('CASES_TABLE')),
    report: (caseId, error) => logger.error('announcement could not be ended', { caseId, error }),
    calendar: () => calendars.calendar(),
    now: () => (time ? new Date(time) : new Date()),
  });
  logger.info('sla sweep done', { ...result });
  // A task is escalated the sweep it first turns red, and only then.
  recordMetric('TasksTurnedRed', result.escalated);
  return result;
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(publishMetrics());

// Lambda entry for the scheduled SLA sweep.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import middy from '@middy/core';
import * as z from 'zod';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCalendarRepository } from '../../shared/calendar/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { conflict, DomainError } from '../../shared/errors.ts';
import { logger, tracer } from '../../shared/observability.ts';
import { sweep } from './sweep.ts';

const sfn = tracer.captureAWSv3Client(new SFNClient({}));
const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const cases = dynamoCaseRepository(envOf('CASES_TABLE'), audit);
const calendars = dynamoCalendarRepository(envOf('CATALOG_TABLE'), audit);

/** The schedule passes its scheduled time (<aws.scheduler.scheduled-time>); a manual run may omit it. */
const sweepEvent = z.object({ time: z.iso.datetime({ offset: true }).optional() }).loose();

export const handler = middy(async (event: unknown) => {
  const { time } = sweepEvent.parse(event ?? {});
  const result = await sweep({
    openTasksDueBy: (date) => cases.openTasksDueBy(date),
    setColour: (id, colour) => cases.setTaskColour(id, colour),
    escalate: (id, at, to) => cases.escalateTask(id, at, to),
    announcementsEndingBy: (date) => cases.announcementsEndingBy(date),
    async endAnnouncement(record, at) {
      try {
        const { token } = await cases.releaseChain(
          record.id,
          { at, status: 'approved', by: 'system:sla-sweep', note: '公示期满无异议' },
          {
            from: ['announced'],
            // Judged again on the case as it is written: an objection raised since the index was read holds it.
            guard: (current) => {
              if ((current.openObjections ?? 0) > 0) {
                throw conflict('ANNOUNCEMENT_HELD', '公示期内有未处理的异议', { caseId: current.id });
              }
            },
          },
        );
        await sfn.send(
          new SendTaskSuccessCommand({
            taskToken: token,
            output: JSON.stringify({ outcome: 'approve', decidedBy: 'system:sla-sweep', decidedAt: at }),
          }),
        );
        return true;
      } catch (error) {
        // Someone else moved the case first (an objection, or an upheld one): nothing to end now.
        if (error instanceof DomainError) return false;
        throw error;
      }
    },
    report: (caseId, error) => logger.error('announcement could not be ended', { caseId, error }),
    calendar: () => calendars.calendar(),
    now: () => (time ? new Date(time) : new Date()),
  });
  logger.info('sla sweep done', { ...result });
  return result;
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger));

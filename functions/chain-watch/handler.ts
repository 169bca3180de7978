// Lambda entry for the scheduled chain watch: re-sends resumes that did not land, and looks for stuck cases.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { chainEngine } from '../../shared/chains/aws.ts';
import { dynamoChainStore } from '../../shared/chains/repository.ts';
import { resendPendingResumes } from '../../shared/chains/resumes.ts';
import { checkStuckCases } from '../../shared/chains/stuck.ts';
import { envOf } from '../../shared/dynamo.ts';
import { logger, publishMetrics, recordMetric, tracer } from '../../shared/observability.ts';

const chains = chainEngine(envOf('APPROVAL_CHAIN_ARN'));
const store = dynamoChainStore(envOf('CASES_TABLE'));
const report = (message: string, details: Record<string, unknown>) => logger.warn(message, details);

/** Which watch the schedule runs, and its scheduled time; a manual run may omit the time. */
const watchEvent = z
  .object({ watch: z.enum(['resumes', 'stuck']), time: z.iso.datetime({ offset: true }).optional() })
  .loose();

export const handler = middy(async (event: unknown) => {
  const { watch, time } = watchEvent.parse(event ?? {});
  const now = () => (time ? new Date(time) : new Date());
  if (watch === 'resumes') {
    const resumes = await resendPendingResumes({
      sendTaskSuccess: chains.sendTaskSuccess,
      resumeDone: store.resumeDone,
      pendingResumes: store.pendingResumes,
      report,
      now,
    });
    logger.info('chain resumes sent', { ...resumes });
    return resumes;
  }
  const stuck = await checkStuckCases({ chains, store, report, now });
  // Every check reports its count, none included, so the alarm tells "none stuck" from "no check ran".
  recordMetric('StuckCases', stuck.stuck);
  logger.info('stuck-case check done', { ...stuck });
  return stuck;
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(publishMetrics());

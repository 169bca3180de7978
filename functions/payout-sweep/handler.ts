// Lambda entry for the scheduled payout sweep.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import * as z from 'zod';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { logger, tracer } from '../../shared/observability.ts';
import { sqsPayoutQueue } from '../../shared/payments/queue.ts';
import { dynamoPaymentStore } from '../../shared/payments/repository.ts';
import { dynamoWhitelistRepository } from '../../shared/whitelists/repository.ts';
import { sweepPayouts } from './sweep.ts';

const ledgerTable = envOf('LEDGER_TABLE');
const ports = {
  whitelists: dynamoWhitelistRepository(ledgerTable),
  payments: dynamoPaymentStore(ledgerTable, dynamoAuditLog(envOf('AUDIT_TABLE'))),
  queue: sqsPayoutQueue(tracer.captureAWSv3Client(new SQSClient({})), envOf('PAYOUT_QUEUE_URL')),
};

/** The schedule passes its scheduled time (<aws.scheduler.scheduled-time>); a manual run may omit it. */
const sweepEvent = z.object({ time: z.iso.datetime({ offset: true }).optional() }).loose();

export const handler = middy(async (event: unknown) => {
  const { time } = sweepEvent.parse(event ?? {});
  const result = await sweepPayouts(ports, time ? new Date(time) : new Date());
  logger.info('payout sweep done', { ...result });
  return result;
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger));

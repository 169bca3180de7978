// Lambda entry for the payout queue: partial batch responses, so one bad order never blocks the others.

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger, tracer } from '../../shared/observability.ts';
import { payoutOrder } from '../../shared/payments/payments.ts';
import { pay } from './payer.ts';
import { payerPorts } from './ports.ts';

const processor = new BatchProcessor(EventType.SQS);
const ports = payerPorts();

const recordHandler = async (record: SQSRecord) => {
  const payment = await pay(ports, payoutOrder.parse(JSON.parse(record.body)));
  logger.info('payout order handled', { paymentId: payment.paymentId, status: payment.status });
};

export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context }),
)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger));

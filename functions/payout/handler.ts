// Lambda entry for the payout queue: partial batch responses, so one bad order never blocks the others.

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { documentClient, envOf } from '../../shared/dynamo.ts';
import { logger, tracer } from '../../shared/observability.ts';
import { type PaymentStore, receivePayoutOrder } from './payout.ts';

const tableName = envOf('LEDGER_TABLE');
const processor = new BatchProcessor(EventType.SQS);

const payments: PaymentStore = {
  async recordOnce(payment) {
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: `PAYMENT#${payment.paymentId}`, sk: 'PAYMENT', ...payment },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  },
};

const recordHandler = async (record: SQSRecord) => {
  const result = await receivePayoutOrder(payments, record.body, () => new Date());
  logger.info('payout order received', result);
};

export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context }),
)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger));

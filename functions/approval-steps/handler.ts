// Lambda entry for the state machines' Task states; failures propagate so the execution shows them.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { logger, tracer } from '../../shared/observability.ts';
import { runStep, stepEvent } from './steps.ts';

const sqs = tracer.captureAWSv3Client(new SQSClient({}));
const queueUrl = envOf('PAYOUT_QUEUE_URL');
const ports = {
  cases: dynamoCaseRepository(envOf('CASES_TABLE'), dynamoAuditLog(envOf('AUDIT_TABLE'))),
  now: () => new Date(),
  async sendPayoutOrder(order: { paymentId: string }) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(order) }));
  },
};

export const handler = middy(async (event: unknown) => runStep(ports, stepEvent.parse(event)))
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger));

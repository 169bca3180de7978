// Lambda entry for the payout queue: partial batch responses, so one bad order never blocks the others.

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { configuredBank } from '../../shared/bank/adapters.ts';
import { dynamoBlacklistRepository } from '../../shared/blacklists/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { dynamoLedger } from '../../shared/ledger/index.ts';
import { logger, publishMetrics, recordMetric, tracer } from '../../shared/observability.ts';
import { payoutNotices } from '../../shared/payments/notices.ts';
import { type PayerPorts, PaymentInProgress, pay } from '../../shared/payments/payer.ts';
import { type Payment, payoutOrder } from '../../shared/payments/payments.ts';
import { dynamoPaymentStore } from '../../shared/payments/repository.ts';

const processor = new BatchProcessor(EventType.SQS);

const ledgerTable = envOf('LEDGER_TABLE');
const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const ports: PayerPorts = {
  payments: dynamoPaymentStore(ledgerTable, audit),
  ledger: dynamoLedger(ledgerTable),
  bank: configuredBank(ledgerTable),
  blacklists: dynamoBlacklistRepository(envOf('ENTERPRISES_TABLE'), audit),
  notices: payoutNotices(dynamoCaseRepository(envOf('CASES_TABLE'), audit)),
  now: () => new Date(),
};

/** What the operators count of a payment that has just moved; a redelivered order of a paid one is counted again. */
function countPayment(payment: Payment): void {
  if (payment.status === 'paid') {
    recordMetric('PaymentsPaid', 1);
    recordMetric('PaymentsPaidFen', payment.amountFen);
  } else if (payment.status === 'held') recordMetric('PaymentsHeld', 1);
  else if (payment.status === 'failed') recordMetric('PaymentsFailed', 1);
  else if (payment.status === 'returned') recordMetric('PaymentsReturned', 1);
}

const recordHandler = async (record: SQSRecord) => {
  const order = payoutOrder.parse(JSON.parse(record.body));
  // A payment is followed by its id through the payer's, the sweep's and the bank's logs alike.
  logger.appendKeys({ paymentId: order.paymentId, ...(order.caseId ? { caseId: order.caseId } : {}) });
  try {
    const payment = await pay(ports, order);
    logger.info('payout order handled', { paymentId: payment.paymentId, status: payment.status });
    countPayment(payment);
  } catch (error) {
    // A duplicate delivery of an order being paid: not a fault, the message comes back after its visibility timeout.
    if (error instanceof PaymentInProgress) logger.info(error.message);
    throw error;
  } finally {
    logger.removeKeys(['paymentId', 'caseId']);
  }
};

export const handler = middy(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context }),
)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(publishMetrics());

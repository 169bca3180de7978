// Lambda entry for reconciliation: finance's requests arrive on the reconcile queue (one at a time, retried), and the
// nightly schedule invokes it directly with its scheduled time.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { configuredBank } from '../../shared/bank/adapters.ts';
import { envOf } from '../../shared/dynamo.ts';
import { dynamoLedger } from '../../shared/ledger/index.ts';
import { logger, publishMetrics, recordMetric, tracer } from '../../shared/observability.ts';
import { dynamoPaymentStore } from '../../shared/payments/repository.ts';
import { reconcileRequest } from '../../shared/reconciliations/reconciliation.ts';
import { dynamoReconciliationStore } from '../../shared/reconciliations/repository.ts';
import { reconcileNightly, reconcileSources, runReconciliation } from './reconcile.ts';

const ledgerTable = envOf('LEDGER_TABLE');
const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const payments = dynamoPaymentStore(ledgerTable, audit);
const ports = {
  ...reconcileSources({ ledger: dynamoLedger(ledgerTable), bank: configuredBank(ledgerTable), payments }),
  store: dynamoReconciliationStore(ledgerTable, audit),
  now: () => new Date(),
  found: (discrepancies: readonly { type: string }[]) => {
    const byType = new Map<string, number>();
    for (const { type } of discrepancies) byType.set(type, (byType.get(type) ?? 0) + 1);
    for (const [type, count] of byType) recordMetric('Discrepancies', count, type);
  },
};

const scheduled = z.object({ run: z.literal('nightly'), time: z.iso.datetime({ offset: true }).optional() });

export const handler = middy(async (event: SQSEvent | unknown) => {
  const records = (event as SQSEvent).Records;
  if (Array.isArray(records)) {
    // Batch size 1: a failed run is retried alone and, after its retries, dead-lettered with its id.
    for (const record of records) {
      const request = reconcileRequest.parse(JSON.parse(record.body));
      await runReconciliation(ports, request);
      logger.info('reconciliation done', { id: request.id });
    }
    return;
  }
  const { time } = scheduled.parse(event);
  const done = await reconcileNightly(ports, time ? new Date(time) : new Date());
  logger.info('nightly reconciliation done', { ids: done });
  return { done };
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(publishMetrics());

// Lambda entry for the finance routes.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { httpHandler } from '../../shared/http.ts';
import { dynamoLedger } from '../../shared/ledger/repository.ts';
import { tracer } from '../../shared/observability.ts';
import { dynamoReconciliationStore } from '../../shared/reconciliations/repository.ts';
import { financeRoutes } from './routes.ts';

const sqs = tracer.captureAWSv3Client(new SQSClient({}));
const queueUrl = envOf('RECONCILE_QUEUE_URL');
const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));

export const handler = httpHandler(
  'finance',
  financeRoutes({
    reconciliations: dynamoReconciliationStore(envOf('LEDGER_TABLE'), audit),
    ledger: dynamoLedger(envOf('LEDGER_TABLE')),
    catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
    reconcileQueue: {
      async send(request) {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(request) }));
      },
    },
    now: () => new Date(),
  }),
);

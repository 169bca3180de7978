// Lambda entry for the fund-pool routes.
import { SQSClient } from '@aws-sdk/client-sqs';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { configuredAdapter } from '../../shared/bank/adapters.ts';
import { dynamoBankFileStore, dynamoBankLineStore } from '../../shared/bank/bank-files-repository.ts';
import { fileBankSettings } from '../../shared/bank/config.ts';
import { s3BankFileObjects } from '../../shared/bank/s3-objects.ts';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { httpHandler } from '../../shared/http.ts';
import { dynamoLedger } from '../../shared/ledger/index.ts';
import { tracer } from '../../shared/observability.ts';
import { sqsDeadLetters } from '../../shared/payments/dead-letters.ts';
import { sqsPayoutQueue } from '../../shared/payments/queue.ts';
import { dynamoPaymentStore } from '../../shared/payments/repository.ts';
import { dynamoWhitelistRepository } from '../../shared/whitelists/repository.ts';
import { fundPoolRoutes } from './routes.ts';

const sqs = tracer.captureAWSv3Client(new SQSClient({}));
const ledgerTable = envOf('LEDGER_TABLE');
const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
// Read at cold start: a file exchange configured wrong fails here, not at the payer's first upload.
const bankSettings = configuredAdapter() === 'file' ? fileBankSettings() : undefined;

export const handler = httpHandler(
  'fund-pool',
  fundPoolRoutes({
    ledger: dynamoLedger(ledgerTable),
    catalog: dynamoCatalogRepository(envOf('CATALOG_TABLE'), audit),
    whitelists: dynamoWhitelistRepository(ledgerTable),
    payments: dynamoPaymentStore(ledgerTable, audit),
    queue: sqsPayoutQueue(sqs, envOf('PAYOUT_QUEUE_URL')),
    deadLetters: sqsDeadLetters(sqs, envOf('PAYOUT_DEAD_LETTER_QUEUE_URL')),
    bankFiles: dynamoBankFileStore(ledgerTable),
    bankLines: dynamoBankLineStore(ledgerTable),
    bankObjects: s3BankFileObjects(envOf('BANK_FILES_BUCKET')),
    bankSettings: () => bankSettings,
    now: () => new Date(),
  }),
);

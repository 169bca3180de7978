// Lambda entry for the scheduled payout sweep.

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import * as z from 'zod';
import { dynamoAuditLog } from '../../shared/audit/repository.ts';
import { configuredAdapter, configuredBank } from '../../shared/bank/adapters.ts';
import { dynamoBankFileStore, dynamoBankLineStore } from '../../shared/bank/bank-files-repository.ts';
import { fileBankSettings } from '../../shared/bank/config.ts';
import { finishImports } from '../../shared/bank/imports.ts';
import { makePaymentFiles } from '../../shared/bank/payment-files.ts';
import { s3BankFileObjects } from '../../shared/bank/s3-objects.ts';
import { dynamoBlacklistRepository } from '../../shared/blacklists/repository.ts';
import { dynamoCaseRepository } from '../../shared/cases/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { dynamoLedger } from '../../shared/ledger/index.ts';
import { logger, tracer } from '../../shared/observability.ts';
import { payoutNotices } from '../../shared/payments/notices.ts';
import { takeBackReturned } from '../../shared/payments/payer.ts';
import { sendAgain, sqsPayoutQueue } from '../../shared/payments/queue.ts';
import { dynamoPaymentStore } from '../../shared/payments/repository.ts';
import { retryWhereCauseIsGone } from '../../shared/payments/retries.ts';
import { dynamoWhitelistRepository } from '../../shared/whitelists/repository.ts';
import { type PayoutSweepPorts, sweepPayouts } from './sweep.ts';

const ledgerTable = envOf('LEDGER_TABLE');
const audit = dynamoAuditLog(envOf('AUDIT_TABLE'));
const payments = dynamoPaymentStore(ledgerTable, audit);
const queue = sqsPayoutQueue(tracer.captureAWSv3Client(new SQSClient({})), envOf('PAYOUT_QUEUE_URL'));
const payer = {
  payments,
  ledger: dynamoLedger(ledgerTable),
  notices: payoutNotices(dynamoCaseRepository(envOf('CASES_TABLE'), audit)),
  now: () => new Date(),
};
const retries = {
  ...payer,
  queue,
  enterprises: dynamoBlacklistRepository(envOf('ENTERPRISES_TABLE'), audit),
};
// With the file exchange, the sweep makes each cut-off's payment files.
const fileExchange =
  configuredAdapter() === 'file'
    ? {
        files: dynamoBankFileStore(ledgerTable),
        lines: dynamoBankLineStore(ledgerTable),
        objects: s3BankFileObjects(envOf('BANK_FILES_BUCKET')),
        settings: fileBankSettings(),
        handOn: (references: string[]) => sendAgain({ payments, queue }, references),
        now: () => new Date(),
      }
    : undefined;
const ports: PayoutSweepPorts = {
  whitelists: dynamoWhitelistRepository(ledgerTable),
  payments,
  queue,
  bank: configuredBank(ledgerTable),
  takeBack: (notice) => takeBackReturned(payer, notice),
  retry: (time) => retryWhereCauseIsGone(retries, time),
  exchangeFiles: async (time) => {
    if (!fileExchange) return { made: 0, finished: 0 };
    const made = (await makePaymentFiles(fileExchange, time)).length;
    // The sweep's two minutes, less a margin for the rest of its round.
    const finished = await finishImports({ ...fileExchange, deadline: Date.now() + 80_000 }, time);
    return { made, finished };
  },
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

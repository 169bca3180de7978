// Fund pool and payout: the payout queue every payout order goes through, the payer that consumes it, the fund
// pool's budgets and whitelist pushes, and the sweep that leaves nothing accepted for payout behind.
import { Duration, type Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { PAYER_TIMEOUT_SECONDS } from '../../../shared/payments/payments.ts';
import { PlatformFunction } from '../platform-function.ts';
import type { AreaProps } from './area.ts';
import { type WorkQueue, workQueue } from './queues.ts';
import { everyMinutes, scheduleRun } from './scheduled-run.ts';
import { useTable } from './table-access.ts';

export class FundPoolAndPayout {
  /** Whitelist entries and approved cases, as payout orders for the payer. */
  readonly payoutQueue: Queue;
  readonly payoutQueues: WorkQueue;
  readonly payout: NodejsFunction;
  readonly fundPool: NodejsFunction;
  readonly payoutSweep: NodejsFunction;
  readonly bankFilesBucket: Bucket;
  /** Every function of the area, for its part of the operations dashboard. */
  readonly functions: NodejsFunction[];

  constructor(stack: Stack, { removalPolicy, tables, bank }: AreaProps) {
    // Payment files for online banking (outbox/) and the bank's files brought back (inbox/), kept as evidence.
    this.bankFilesBucket = new Bucket(stack, 'BankFilesBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      removalPolicy,
      autoDeleteObjects: false,
      serverAccessLogsPrefix: 'access-logs/',
    });
    this.payoutQueues = workQueue(stack, 'Payout', {
      // Six times the consumer's timeout, as Lambda's SQS guidance asks, so a slow batch is not delivered twice.
      visibilityTimeout: Duration.seconds(180),
      retentionPeriod: Duration.days(14),
      maxReceiveCount: 5,
      carries: '兑付指令',
      onDeadLetter:
        '死信保留 14 天，列在支付方兑付记录（GET /payments）最前：请查明原因（账户、银行或台账）后处理',
    });
    this.payoutQueue = this.payoutQueues.queue;
    const payoutDeadLetterQueue = this.payoutQueues.deadLetterQueue;

    this.payout = new PlatformFunction(stack, 'Payout', {
      removalPolicy,
      folder: 'payout',
      description: 'The payer: screens, reserves, instructs the bank and posts every payout order',
      timeout: Duration.seconds(PAYER_TIMEOUT_SECONDS),
      environment: bank,
    }).fn;
    // Its ledger and payments; cases and notices it reports to; blacklists and accounts it screens.
    useTable(this.payout, 'LEDGER_TABLE', tables.ledger, 'readWrite');
    useTable(this.payout, 'CASES_TABLE', tables.cases, 'readWrite');
    useTable(this.payout, 'ENTERPRISES_TABLE', tables.enterprises, 'read');
    useTable(this.payout, 'AUDIT_TABLE', tables.audit, 'readWrite');
    this.payout.addEventSource(
      new SqsEventSource(this.payoutQueue, {
        // Orders of one batch are paid side by side and their ledger writes committed in groups: larger batches make
        // larger groups, so one pool item is written once per group instead of once per payment.
        batchSize: 100,
        reportBatchItemFailures: true,
        maxBatchingWindow: Duration.seconds(1),
        // Enough parallel batches to pay a whitelist in seconds, few enough that one pool item is not fought over.
        maxConcurrency: 4,
      }),
    );

    this.fundPool = new PlatformFunction(stack, 'FundPool', {
      removalPolicy,
      folder: 'fund-pool',
      description: "Budgets, whitelist pushes, payments, the payer's decisions and bank files",
      // A 2,000-entry push records and queues within API Gateway's 30 seconds.
      timeout: Duration.seconds(29),
      memorySize: 1024,
      environment: {
        PAYOUT_QUEUE_URL: this.payoutQueue.queueUrl,
        PAYOUT_DEAD_LETTER_QUEUE_URL: payoutDeadLetterQueue.queueUrl,
        BANK_FILES_BUCKET: this.bankFilesBucket.bucketName,
        ...bank,
      },
    }).fn;
    // Budgets, batches and payments live in the ledger table; the payer's decisions are audited and then
    // handed to the queue, so this function never talks to the bank itself.
    useTable(this.fundPool, 'LEDGER_TABLE', tables.ledger, 'readWrite');
    useTable(this.fundPool, 'CATALOG_TABLE', tables.catalog, 'read');
    useTable(this.fundPool, 'AUDIT_TABLE', tables.audit, 'readWrite');
    this.payoutQueue.grantSendMessages(this.fundPool);
    // The payer downloads payment files and imports the bank's: read both folders, write the inbox.
    this.fundPool.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [
          this.bankFilesBucket.arnForObjects('outbox/*'),
          this.bankFilesBucket.arnForObjects('inbox/*'),
        ],
      }),
    );
    this.fundPool.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bankFilesBucket.arnForObjects('inbox/*')],
      }),
    );
    // The payer's list shows dead letters without taking them off the queue: receive, never delete.
    this.fundPool.addToRolePolicy(
      new PolicyStatement({
        actions: ['sqs:ReceiveMessage', 'sqs:GetQueueAttributes'],
        resources: [payoutDeadLetterQueue.queueArn],
      }),
    );

    this.payoutSweep = new PlatformFunction(stack, 'PayoutSweep', {
      removalPolicy,
      folder: 'payout-sweep',
      description:
        'Queues whitelist orders a failed send left behind, re-drives payments that stopped part-way, reverses late returns, retries failures whose cause is gone',
      timeout: Duration.minutes(2),
      environment: {
        PAYOUT_QUEUE_URL: this.payoutQueue.queueUrl,
        BANK_FILES_BUCKET: this.bankFilesBucket.bucketName,
        ...bank,
      },
    }).fn;
    useTable(this.payoutSweep, 'LEDGER_TABLE', tables.ledger, 'readWrite');
    // A late return moves the payment (audited) and its case, with the enterprise's notice.
    useTable(this.payoutSweep, 'AUDIT_TABLE', tables.audit, 'readWrite');
    useTable(this.payoutSweep, 'CASES_TABLE', tables.cases, 'readWrite');
    // A payment the bank returned is retried once its enterprise confirms another account.
    useTable(this.payoutSweep, 'ENTERPRISES_TABLE', tables.enterprises, 'read');
    this.payoutQueue.grantSendMessages(this.payoutSweep);
    // At each cut-off the sweep makes the payment files.
    this.payoutSweep.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bankFilesBucket.arnForObjects('outbox/*')],
      }),
    );
    scheduleRun(stack, 'PayoutSweepSchedule', this.payoutSweep, {
      description: 'Every five minutes: nothing accepted for payout is left behind',
      schedule: everyMinutes(5),
      input: { sweep: 'payout' },
    });
    this.functions = [this.payout, this.fundPool, this.payoutSweep];
  }
}

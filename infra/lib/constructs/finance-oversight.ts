// Finance and oversight: reconciliation (asked for or nightly), finance's reports and settlements, the audit trail,
// and the statistics and risk warnings that read across cases and payments.
import { Duration, type Stack } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { PlatformFunction } from '../platform-function.ts';
import type { AreaProps } from './area.ts';
import { type WorkQueue, workQueue } from './queues.ts';
import { beijingTime, scheduleRun } from './scheduled-run.ts';
import { useTable } from './table-access.ts';

export class FinanceAndOversight {
  /** Finance's reconciliation requests, for the reconcile function. */
  readonly reconcileQueues: WorkQueue;
  readonly reconcile: NodejsFunction;
  readonly finance: NodejsFunction;
  readonly auditTrail: NodejsFunction;
  readonly oversight: NodejsFunction;
  /** Every function of the area, for its part of the operations dashboard. */
  readonly functions: NodejsFunction[];

  constructor(stack: Stack, { removalPolicy, tables, bank }: AreaProps) {
    // Reconciliation: finance's requests go through a queue (a quarter's run outlasts an HTTP request), the nightly
    // run is scheduled; both end in the same function, which reads the ledger and the bank's statement by day.
    this.reconcileQueues = workQueue(stack, 'Reconcile', {
      visibilityTimeout: Duration.minutes(90),
      retentionPeriod: Duration.days(4),
      maxReceiveCount: 3,
      carries: '对账请求',
      onDeadLetter: '请查看 Reconcile 函数的日志，排除原因后由财务重新发起对账',
    });
    const reconcileQueue = this.reconcileQueues.queue;
    this.reconcile = new PlatformFunction(stack, 'Reconcile', {
      removalPolicy,
      folder: 'reconcile',
      description: 'Reconciles the ledger with the bank statement, payment by payment, and every pool',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment: bank,
    }).fn;
    useTable(this.reconcile, 'LEDGER_TABLE', tables.ledger, 'readWrite');
    useTable(this.reconcile, 'AUDIT_TABLE', tables.audit, 'readWrite');
    this.reconcile.addEventSource(new SqsEventSource(reconcileQueue, { batchSize: 1 }));
    scheduleRun(stack, 'ReconcileSchedule', this.reconcile, {
      description: 'Every night at 01:00 Beijing time: yesterday, for every division with a pool',
      schedule: beijingTime({ minute: '0', hour: '1' }),
      input: { run: 'nightly' },
    });

    this.finance = new PlatformFunction(stack, 'Finance', {
      removalPolicy,
      folder: 'finance',
      description: 'Finance: reconciliation requests, reports and resolutions; settlement of pools',
      memorySize: 1024,
      environment: { RECONCILE_QUEUE_URL: reconcileQueue.queueUrl },
    }).fn;
    useTable(this.finance, 'LEDGER_TABLE', tables.ledger, 'readWrite');
    useTable(this.finance, 'AUDIT_TABLE', tables.audit, 'readWrite');
    reconcileQueue.grantSendMessages(this.finance);
    useTable(this.finance, 'CATALOG_TABLE', tables.catalog, 'read');

    // The audit trail and oversight only read, across the tables. The audit trail also reads enterprises, since an
    // enterprise's profile says whose jurisdiction its history belongs to.
    this.auditTrail = new PlatformFunction(stack, 'Audit', {
      removalPolicy,
      folder: 'audit',
      description: 'Audit trail: events and hash-chain verification',
    }).fn;
    useTable(this.auditTrail, 'AUDIT_TABLE', tables.audit, 'read');
    useTable(this.auditTrail, 'LEDGER_TABLE', tables.ledger, 'read');
    useTable(this.auditTrail, 'CASES_TABLE', tables.cases, 'read');
    useTable(this.auditTrail, 'CATALOG_TABLE', tables.catalog, 'read');
    useTable(this.auditTrail, 'ENTERPRISES_TABLE', tables.enterprises, 'read');

    this.oversight = new PlatformFunction(stack, 'Oversight', {
      removalPolicy,
      folder: 'oversight',
      description: 'Oversight: statistics and risk warnings over cases and payments',
      memorySize: 1024,
    }).fn;
    useTable(this.oversight, 'CASES_TABLE', tables.cases, 'read');
    useTable(this.oversight, 'CATALOG_TABLE', tables.catalog, 'read');
    useTable(this.oversight, 'LEDGER_TABLE', tables.ledger, 'read');
    // Its repositories are built over the audit log, which only their writes use; these routes never write.
    useTable(this.oversight, 'AUDIT_TABLE', tables.audit, 'read');
    this.functions = [this.reconcile, this.finance, this.auditTrail, this.oversight];
  }
}

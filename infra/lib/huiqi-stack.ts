// The whole platform in one stack: tables, payout queue, functions, the approval chain, HTTP API and schedules.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods } from 'aws-cdk-lib/aws-s3';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { API_ROUTES, type ApiFunction, routeKeyOf } from '../../shared/api/contract.ts';
import { PAYER_TIMEOUT_SECONDS } from '../../shared/payments/payments.ts';
import { PolicyCatalog } from './constructs/catalog.ts';
import { workQueue } from './constructs/queues.ts';
import { beijingTime, everyMinutes, scheduleRun } from './constructs/scheduled-run.ts';
import { useTable } from './constructs/table-access.ts';
import { PlatformTables } from './constructs/tables.ts';
import { acknowledgeNagFindings } from './nag-suppressions.ts';
import { PlatformFunction } from './platform-function.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface HuiqiStackProps extends StackProps {
  /** 'dev' drops data with the stack; any other stage protects tables from deletion. */
  stage: string;
  /** The identity provider whose JWTs the API accepts (a province's IdP, or the local issuer). */
  jwtIssuer: string;
  jwtAudience: string[];
  /** GB/T 2260 code of the jurisdiction whose catalog is loaded on deploy. */
  divisionCode: string;
}

/** The approval chain's construct id and ASL file: one state machine, whose route step reads each policy's process. */
export const APPROVAL_CHAIN = { id: 'ApprovalChain', file: 'approval.asl.json' } as const;

export class HuiqiStack extends Stack {
  constructor(scope: Construct, id: string, props: HuiqiStackProps) {
    super(scope, id, props);
    const production = props.stage !== 'dev';
    const removalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const tables = new PlatformTables(this, { production, removalPolicy });
    const {
      catalog: catalogTable,
      cases: casesTable,
      ledger: ledgerTable,
      enterprises: enterprisesTable,
      audit: auditTable,
    } = tables;

    const materialsBucket = new Bucket(this, 'MaterialsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      removalPolicy,
      autoDeleteObjects: false,
      serverAccessLogsPrefix: 'access-logs/',
      // Browsers upload straight to S3 with the presigned URL intake hands out.
      cors: [{ allowedMethods: [HttpMethods.PUT], allowedOrigins: ['*'], allowedHeaders: ['content-type'] }],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });

    const { queue: payoutQueue, deadLetterQueue: payoutDeadLetterQueue } = workQueue(this, 'Payout', {
      // Six times the consumer's timeout, as Lambda's SQS guidance asks, so a slow batch is not delivered twice.
      visibilityTimeout: Duration.seconds(180),
      retentionPeriod: Duration.days(14),
      maxReceiveCount: 5,
    });
    new Alarm(this, 'PayoutDeadLetterAlarm', {
      alarmDescription: 'Payout orders the payer could not process are waiting in the dead-letter queue',
      metric: payoutDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const common = { removalPolicy };
    const { catalog } = new PolicyCatalog(this, { removalPolicy, tables, divisionCode: props.divisionCode });

    const approvalSteps = new PlatformFunction(this, 'ApprovalSteps', {
      ...common,
      folder: 'approval-steps',
      description: 'Automated steps of the approval chain',
      environment: {
        PAYOUT_QUEUE_URL: payoutQueue.queueUrl,
      },
    }).fn;
    useTable(approvalSteps, 'CASES_TABLE', casesTable, 'readWrite');
    // The pinned guide and the calendar; the enterprise's profile and every agency's blacklist for joint review.
    useTable(approvalSteps, 'CATALOG_TABLE', catalogTable, 'read');
    useTable(approvalSteps, 'ENTERPRISES_TABLE', enterprisesTable, 'read');
    useTable(approvalSteps, 'AUDIT_TABLE', auditTable, 'readWrite');
    payoutQueue.grantSendMessages(approvalSteps);

    const approvalChain = new StateMachine(this, APPROVAL_CHAIN.id, {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(path.join(repoRoot, 'statemachines', APPROVAL_CHAIN.file)),
      definitionSubstitutions: {
        Partition: Aws.PARTITION,
        ApprovalStepsFunctionArn: approvalSteps.functionArn,
      },
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, `${APPROVAL_CHAIN.id}Logs`, {
          retention: RetentionDays.SIX_MONTHS,
          removalPolicy,
        }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    approvalSteps.grantInvoke(approvalChain);

    const intake = new PlatformFunction(this, 'Intake', {
      ...common,
      folder: 'intake',
      description: 'One window: applications filed online or at the window',
      environment: {
        MATERIALS_BUCKET: materialsBucket.bucketName,
        APPROVAL_CHAIN_ARN: approvalChain.stateMachineArn,
      },
    }).fn;
    useTable(intake, 'CATALOG_TABLE', catalogTable, 'read');
    useTable(intake, 'CASES_TABLE', casesTable, 'readWrite');
    useTable(intake, 'ENTERPRISES_TABLE', enterprisesTable, 'read');
    useTable(intake, 'AUDIT_TABLE', auditTable, 'readWrite');
    // Exactly what intake does: presign uploads (PutObject) and check what arrived (HeadObject needs GetObject).
    intake.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [materialsBucket.arnForObjects('materials/*')],
      }),
    );
    approvalChain.grantStartExecution(intake);
    // A resubmission resumes the chain waiting for the enterprise's correction.
    approvalChain.grantTaskResponse(intake);
    // An admin's redrive of a stuck case looks at its execution and runs it on from where it stopped.
    approvalChain.grantRead(intake);
    approvalChain.grantExecution(intake, 'states:RedriveExecution');

    const review = new PlatformFunction(this, 'Review', {
      ...common,
      folder: 'review',
      description: 'Reviewers and agencies: open tasks, decisions, escalations',
    }).fn;
    useTable(review, 'CASES_TABLE', casesTable, 'readWrite');
    useTable(review, 'CATALOG_TABLE', catalogTable, 'read');
    useTable(review, 'AUDIT_TABLE', auditTable, 'readWrite');
    approvalChain.grantTaskResponse(review);

    const slaSweep = new PlatformFunction(this, 'SlaSweep', {
      ...common,
      folder: 'sla-sweep',
      description: 'Colours tasks by their working-day deadline, escalates overdue ones, ends announcements',
      timeout: Duration.minutes(5),
    }).fn;
    useTable(slaSweep, 'CASES_TABLE', casesTable, 'readWrite');
    useTable(slaSweep, 'CATALOG_TABLE', catalogTable, 'read');
    useTable(slaSweep, 'AUDIT_TABLE', auditTable, 'readWrite');
    // An announcement that ran out without objection resumes its chain.
    approvalChain.grantTaskResponse(slaSweep);
    const chainWatch = new PlatformFunction(this, 'ChainWatch', {
      ...common,
      folder: 'chain-watch',
      description: 'Re-sends chain resumes that did not land and lists cases whose execution stopped',
      timeout: Duration.minutes(5),
      environment: {
        APPROVAL_CHAIN_ARN: approvalChain.stateMachineArn,
      },
    }).fn;
    useTable(chainWatch, 'CASES_TABLE', casesTable, 'readWrite');
    approvalChain.grantTaskResponse(chainWatch);
    approvalChain.grantRead(chainWatch);
    // A filed case whose chain never started is started by the watch.
    approvalChain.grantStartExecution(chainWatch);
    // Resumes are cheap and a person waits on them; the stuck check describes every live case's execution.
    scheduleRun(this, 'ChainResumeSchedule', chainWatch, {
      description: 'Every minute: resumes owed to waiting chains that did not land',
      schedule: everyMinutes(1),
      input: { watch: 'resumes' },
    });
    scheduleRun(this, 'StuckCaseSchedule', chainWatch, {
      description: 'Every ten minutes: cases whose chain is at work without a live execution',
      schedule: everyMinutes(10),
      input: { watch: 'stuck' },
    });

    scheduleRun(this, 'SlaSweepSchedule', slaSweep, {
      description: 'Hourly during office hours: colour and escalate tasks, end announcements that ran out',
      schedule: beijingTime({ minute: '5', hour: '8-18' }),
      input: { sweep: 'sla' },
    });

    const payout = new PlatformFunction(this, 'Payout', {
      ...common,
      folder: 'payout',
      description: 'The payer: screens, reserves, instructs the bank and posts every payout order',
      timeout: Duration.seconds(PAYER_TIMEOUT_SECONDS),
      // The simulated bank until a bank-enterprise link (银企直连) adapter is configured.
      environment: { BANK_ADAPTER: 'simulated' },
    }).fn;
    // Its ledger and payments; cases and notices it reports to; blacklists and accounts it screens.
    useTable(payout, 'LEDGER_TABLE', ledgerTable, 'readWrite');
    useTable(payout, 'CASES_TABLE', casesTable, 'readWrite');
    useTable(payout, 'ENTERPRISES_TABLE', enterprisesTable, 'read');
    useTable(payout, 'AUDIT_TABLE', auditTable, 'readWrite');
    payout.addEventSource(
      new SqsEventSource(payoutQueue, {
        // Orders of one batch are paid side by side and their ledger writes committed in groups: larger batches make
        // larger groups, so one pool item is written once per group instead of once per payment.
        batchSize: 100,
        reportBatchItemFailures: true,
        maxBatchingWindow: Duration.seconds(1),
        // Enough parallel batches to pay a whitelist in seconds, few enough that one pool item is not fought over.
        maxConcurrency: 4,
      }),
    );

    const fundPool = new PlatformFunction(this, 'FundPool', {
      ...common,
      folder: 'fund-pool',
      description: "Budgets, whitelist pushes, payments and the payer's decisions on held ones",
      // A 2,000-entry push records and queues within API Gateway's 30 seconds.
      timeout: Duration.seconds(29),
      memorySize: 1024,
      environment: {
        PAYOUT_QUEUE_URL: payoutQueue.queueUrl,
        PAYOUT_DEAD_LETTER_QUEUE_URL: payoutDeadLetterQueue.queueUrl,
      },
    }).fn;
    // Budgets, batches and payments live in the ledger table; the payer's decisions are audited and then
    // handed to the queue, so this function never talks to the bank itself.
    useTable(fundPool, 'LEDGER_TABLE', ledgerTable, 'readWrite');
    useTable(fundPool, 'CATALOG_TABLE', catalogTable, 'read');
    useTable(fundPool, 'AUDIT_TABLE', auditTable, 'readWrite');
    payoutQueue.grantSendMessages(fundPool);
    // The payer's list shows dead letters without taking them off the queue: receive, never delete.
    fundPool.addToRolePolicy(
      new PolicyStatement({
        actions: ['sqs:ReceiveMessage', 'sqs:GetQueueAttributes'],
        resources: [payoutDeadLetterQueue.queueArn],
      }),
    );

    const payoutSweep = new PlatformFunction(this, 'PayoutSweep', {
      ...common,
      folder: 'payout-sweep',
      description:
        'Queues whitelist orders a failed send left behind, re-drives payments that stopped part-way, reverses late returns',
      timeout: Duration.minutes(2),
      environment: {
        PAYOUT_QUEUE_URL: payoutQueue.queueUrl,
        BANK_ADAPTER: 'simulated',
      },
    }).fn;
    useTable(payoutSweep, 'LEDGER_TABLE', ledgerTable, 'readWrite');
    // A late return moves the payment (audited) and its case, with the enterprise's notice.
    useTable(payoutSweep, 'AUDIT_TABLE', auditTable, 'readWrite');
    useTable(payoutSweep, 'CASES_TABLE', casesTable, 'readWrite');
    payoutQueue.grantSendMessages(payoutSweep);
    scheduleRun(this, 'PayoutSweepSchedule', payoutSweep, {
      description: 'Every five minutes: nothing accepted for payout is left behind',
      schedule: everyMinutes(5),
      input: { sweep: 'payout' },
    });

    // Reconciliation: finance's requests go through a queue (a quarter's run outlasts an HTTP request), the nightly
    // run is scheduled; both end in the same function, which reads the ledger and the bank's statement by day.
    const { queue: reconcileQueue } = workQueue(this, 'Reconcile', {
      visibilityTimeout: Duration.minutes(90),
      retentionPeriod: Duration.days(4),
      maxReceiveCount: 3,
    });
    const reconcile = new PlatformFunction(this, 'Reconcile', {
      ...common,
      folder: 'reconcile',
      description: 'Reconciles the ledger with the bank statement, payment by payment, and every pool',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment: {
        BANK_ADAPTER: 'simulated',
      },
    }).fn;
    useTable(reconcile, 'LEDGER_TABLE', ledgerTable, 'readWrite');
    useTable(reconcile, 'AUDIT_TABLE', auditTable, 'readWrite');
    reconcile.addEventSource(new SqsEventSource(reconcileQueue, { batchSize: 1 }));
    scheduleRun(this, 'ReconcileSchedule', reconcile, {
      description: 'Every night at 01:00 Beijing time: yesterday, for every division with a pool',
      schedule: beijingTime({ minute: '0', hour: '1' }),
      input: { run: 'nightly' },
    });

    const finance = new PlatformFunction(this, 'Finance', {
      ...common,
      folder: 'finance',
      description: 'Finance: reconciliation requests, reports and resolutions; settlement of pools',
      memorySize: 1024,
      environment: {
        RECONCILE_QUEUE_URL: reconcileQueue.queueUrl,
      },
    }).fn;
    useTable(finance, 'LEDGER_TABLE', ledgerTable, 'readWrite');
    useTable(finance, 'AUDIT_TABLE', auditTable, 'readWrite');
    reconcileQueue.grantSendMessages(finance);
    useTable(finance, 'CATALOG_TABLE', catalogTable, 'read');

    const enterprises = new PlatformFunction(this, 'Enterprises', {
      ...common,
      folder: 'enterprises',
      description: 'Enterprises: profile, bank account and matching policies',
    }).fn;
    useTable(enterprises, 'ENTERPRISES_TABLE', enterprisesTable, 'readWrite');
    useTable(enterprises, 'CATALOG_TABLE', catalogTable, 'read');
    useTable(enterprises, 'AUDIT_TABLE', auditTable, 'readWrite');

    // The audit trail and oversight only read, across the tables; the audit trail also reads enterprises, since an
    // enterprise's profile says whose jurisdiction its history belongs to.
    const auditTrail = new PlatformFunction(this, 'Audit', {
      ...common,
      folder: 'audit',
      description: 'Audit trail: events and hash-chain verification',
    }).fn;
    useTable(auditTrail, 'AUDIT_TABLE', auditTable, 'read');
    useTable(auditTrail, 'LEDGER_TABLE', ledgerTable, 'read');
    useTable(auditTrail, 'CASES_TABLE', casesTable, 'read');
    useTable(auditTrail, 'CATALOG_TABLE', catalogTable, 'read');
    useTable(auditTrail, 'ENTERPRISES_TABLE', enterprisesTable, 'read');

    const oversight = new PlatformFunction(this, 'Oversight', {
      ...common,
      folder: 'oversight',
      description: 'Oversight: statistics and risk warnings over cases and payments',
      memorySize: 1024,
    }).fn;
    useTable(oversight, 'CASES_TABLE', casesTable, 'read');
    useTable(oversight, 'CATALOG_TABLE', catalogTable, 'read');
    useTable(oversight, 'LEDGER_TABLE', ledgerTable, 'read');
    // Its repositories are built over the audit log, which only their writes use; these routes never write.
    useTable(oversight, 'AUDIT_TABLE', auditTable, 'read');

    const api = new HttpApi(this, 'Api', {
      description: 'Huiqi API for enterprises, window staff, departments, agencies, the payer and finance',
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type'],
      },
      createDefaultStage: false,
    });
    new HttpStage(this, 'ApiStage', {
      httpApi: api,
      autoDeploy: true,
      // Who called what and when, kept apart from the functions' own logs for audit.
      accessLogSettings: {
        destination: new LogGroupLogDestination(
          new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy }),
        ),
      },
    });
    const authorizer = new HttpJwtAuthorizer('Jwt', props.jwtIssuer, { jwtAudience: props.jwtAudience });
    const routeFunctions: Record<ApiFunction, IFunction> = {
      catalog,
      enterprises,
      intake,
      review,
      'fund-pool': fundPool,
      finance,
      oversight,
      audit: auditTrail,
    };
    for (const route of API_ROUTES) {
      const fn = routeFunctions[route.function];
      api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(
          `${route.function}${routeKeyOf(route)}`.replace(/\W/g, ''),
          fn,
        ),
        ...(route.roles === 'public' ? {} : { authorizer }),
      });
    }

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    acknowledgeNagFindings(this, {
      tables: [casesTable, ledgerTable, enterprisesTable],
      buckets: [materialsBucket],
      stateMachineTargets: [approvalSteps],
      scheduleTargets: [slaSweep, chainWatch, payoutSweep, reconcile],
      stateMachines: [approvalChain],
    });
  }
}

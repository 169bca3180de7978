// Intake and approval chains: enterprises and their applications, the materials they upload, the approval chain
// that carries each case, the reviewers' decisions, and the sweeps that keep every waiting case moving.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, Duration, type Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { PlatformFunction } from '../platform-function.ts';
import type { AreaProps } from './area.ts';
import { beijingTime, everyMinutes, scheduleRun } from './scheduled-run.ts';
import { useTable } from './table-access.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The approval chain's construct id and ASL file: one state machine, whose route step reads each policy's process. */
export const APPROVAL_CHAIN = { id: 'ApprovalChain', file: 'approval.asl.json' } as const;

export interface IntakeAndApprovalProps extends AreaProps {
  /** Where approved cases are handed on as payout orders. */
  payoutQueue: IQueue;
  /** The web app's origin, the only one whose pages may upload materials from the browser. */
  uploadOrigin: string;
}

export class IntakeAndApproval {
  readonly materialsBucket: Bucket;
  /** The chain's automated steps, invoked by the state machine. */
  readonly approvalSteps: NodejsFunction;
  readonly approvalChain: StateMachine;
  readonly intake: NodejsFunction;
  readonly review: NodejsFunction;
  readonly slaSweep: NodejsFunction;
  readonly chainWatch: NodejsFunction;
  readonly enterprises: NodejsFunction;
  /** Every function of the area, for its part of the operations dashboard. */
  readonly functions: NodejsFunction[];

  constructor(stack: Stack, { removalPolicy, tables, payoutQueue, uploadOrigin }: IntakeAndApprovalProps) {
    this.materialsBucket = new Bucket(stack, 'MaterialsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      removalPolicy,
      autoDeleteObjects: false,
      serverAccessLogsPrefix: 'access-logs/',
      // Browsers upload straight to S3 with the presigned URL intake hands out, from the web app's pages only.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: [uploadOrigin],
          allowedHeaders: ['content-type'],
        },
      ],
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    });

    this.approvalSteps = new PlatformFunction(stack, 'ApprovalSteps', {
      removalPolicy,
      folder: 'approval-steps',
      description: 'Automated steps of the approval chain',
      environment: { PAYOUT_QUEUE_URL: payoutQueue.queueUrl },
    }).fn;
    useTable(this.approvalSteps, 'CASES_TABLE', tables.cases, 'readWrite');
    // The pinned guide and the calendar; the enterprise's profile and every agency's blacklist for joint review.
    useTable(this.approvalSteps, 'CATALOG_TABLE', tables.catalog, 'read');
    useTable(this.approvalSteps, 'ENTERPRISES_TABLE', tables.enterprises, 'read');
    useTable(this.approvalSteps, 'AUDIT_TABLE', tables.audit, 'readWrite');
    payoutQueue.grantSendMessages(this.approvalSteps);

    this.approvalChain = new StateMachine(stack, APPROVAL_CHAIN.id, {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(path.join(repoRoot, 'statemachines', APPROVAL_CHAIN.file)),
      definitionSubstitutions: {
        Partition: Aws.PARTITION,
        ApprovalStepsFunctionArn: this.approvalSteps.functionArn,
      },
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(stack, `${APPROVAL_CHAIN.id}Logs`, {
          retention: RetentionDays.SIX_MONTHS,
          removalPolicy,
        }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    this.approvalSteps.grantInvoke(this.approvalChain);
    const chain = this.approvalChain;

    this.intake = new PlatformFunction(stack, 'Intake', {
      removalPolicy,
      folder: 'intake',
      description: 'One window: applications filed online or at the window',
      environment: {
        MATERIALS_BUCKET: this.materialsBucket.bucketName,
        APPROVAL_CHAIN_ARN: chain.stateMachineArn,
      },
    }).fn;
    useTable(this.intake, 'CATALOG_TABLE', tables.catalog, 'read');
    useTable(this.intake, 'CASES_TABLE', tables.cases, 'readWrite');
    useTable(this.intake, 'ENTERPRISES_TABLE', tables.enterprises, 'read');
    useTable(this.intake, 'AUDIT_TABLE', tables.audit, 'readWrite');
    // Exactly what intake does: presign uploads (PutObject) and check what arrived (HeadObject needs GetObject).
    this.intake.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: [this.materialsBucket.arnForObjects('materials/*')],
      }),
    );
    chain.grantStartExecution(this.intake);
    // A resubmission resumes the chain waiting for the enterprise's correction.
    chain.grantTaskResponse(this.intake);
    // An admin's redrive of a stuck case looks at its execution and runs it on from where it stopped.
    chain.grantRead(this.intake);
    chain.grantExecution(this.intake, 'states:RedriveExecution');

    this.review = new PlatformFunction(stack, 'Review', {
      removalPolicy,
      folder: 'review',
      description: 'Reviewers and agencies: open tasks, decisions, escalations',
    }).fn;
    useTable(this.review, 'CASES_TABLE', tables.cases, 'readWrite');
    useTable(this.review, 'CATALOG_TABLE', tables.catalog, 'read');
    useTable(this.review, 'AUDIT_TABLE', tables.audit, 'readWrite');
    chain.grantTaskResponse(this.review);

    this.slaSweep = new PlatformFunction(stack, 'SlaSweep', {
      removalPolicy,
      folder: 'sla-sweep',
      description: 'Colours tasks by their working-day deadline, escalates overdue ones, ends announcements',
      timeout: Duration.minutes(5),
    }).fn;
    useTable(this.slaSweep, 'CASES_TABLE', tables.cases, 'readWrite');
    useTable(this.slaSweep, 'CATALOG_TABLE', tables.catalog, 'read');
    useTable(this.slaSweep, 'AUDIT_TABLE', tables.audit, 'readWrite');
    // An announcement that ran out without objection resumes its chain.
    chain.grantTaskResponse(this.slaSweep);

    this.chainWatch = new PlatformFunction(stack, 'ChainWatch', {
      removalPolicy,
      folder: 'chain-watch',
      description: 'Re-sends chain resumes that did not land and lists cases whose execution stopped',
      timeout: Duration.minutes(5),
      environment: { APPROVAL_CHAIN_ARN: chain.stateMachineArn },
    }).fn;
    useTable(this.chainWatch, 'CASES_TABLE', tables.cases, 'readWrite');
    chain.grantTaskResponse(this.chainWatch);
    chain.grantRead(this.chainWatch);
    // A filed case whose chain never started is started by the watch.
    chain.grantStartExecution(this.chainWatch);
    // Resumes are cheap and a person waits on them; the stuck check describes every live case's execution.
    scheduleRun(stack, 'ChainResumeSchedule', this.chainWatch, {
      description: 'Every minute: resumes owed to waiting chains that did not land',
      schedule: everyMinutes(1),
      input: { watch: 'resumes' },
    });
    scheduleRun(stack, 'StuckCaseSchedule', this.chainWatch, {
      description: 'Every ten minutes: cases whose chain is at work without a live execution',
      schedule: everyMinutes(10),
      input: { watch: 'stuck' },
    });
    scheduleRun(stack, 'SlaSweepSchedule', this.slaSweep, {
      description: 'Hourly during office hours: colour and escalate tasks, end announcements that ran out',
      schedule: beijingTime({ minute: '5', hour: '8-18' }),
      input: { sweep: 'sla' },
    });

    this.enterprises = new PlatformFunction(stack, 'Enterprises', {
      removalPolicy,
      folder: 'enterprises',
      description: 'Enterprises: profile, bank account and matching policies',
    }).fn;
    useTable(this.enterprises, 'ENTERPRISES_TABLE', tables.enterprises, 'readWrite');
    useTable(this.enterprises, 'CATALOG_TABLE', tables.catalog, 'read');
    useTable(this.enterprises, 'AUDIT_TABLE', tables.audit, 'readWrite');
    this.functions = [
      this.intake,
      this.approvalSteps,
      this.review,
      this.slaSweep,
      this.chainWatch,
      this.enterprises,
    ];
  }
}

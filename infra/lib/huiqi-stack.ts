// The whole platform in one stack: the catalog, intake and approval chains, fund pool and payout in their own modules;
// finance, oversight and the HTTP API here.

import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { API_ROUTES, type ApiFunction, routeKeyOf } from '../../shared/api/contract.ts';
import { PolicyCatalog } from './constructs/catalog.ts';
import { FundPoolAndPayout } from './constructs/fund-pool-payout.ts';
import { IntakeAndApproval } from './constructs/intake-approval.ts';
import { workQueue } from './constructs/queues.ts';
import { beijingTime, scheduleRun } from './constructs/scheduled-run.ts';
import { useTable } from './constructs/table-access.ts';
import { PlatformTables } from './constructs/tables.ts';
import { acknowledgeNagFindings } from './nag-suppressions.ts';
import { PlatformFunction } from './platform-function.ts';

export { APPROVAL_CHAIN } from './constructs/intake-approval.ts';

export interface HuiqiStackProps extends StackProps {
  /** 'dev' drops data with the stack; any other stage protects tables from deletion. */
  stage: string;
  /** The identity provider whose JWTs the API accepts (a province's IdP, or the local issuer). */
  jwtIssuer: string;
  jwtAudience: string[];
  /** GB/T 2260 code of the jurisdiction whose catalog is loaded on deploy. */
  divisionCode: string;
}

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

    const { catalog } = new PolicyCatalog(this, { removalPolicy, tables, divisionCode: props.divisionCode });
    const payout = new FundPoolAndPayout(this, { removalPolicy, tables });
    const chains = new IntakeAndApproval(this, { removalPolicy, tables, payoutQueue: payout.payoutQueue });

    const common = { removalPolicy };

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
      enterprises: chains.enterprises,
      intake: chains.intake,
      review: chains.review,
      'fund-pool': payout.fundPool,
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
      buckets: [chains.materialsBucket],
      stateMachineTargets: [chains.approvalSteps],
      scheduleTargets: [chains.slaSweep, chains.chainWatch, payout.payoutSweep, reconcile],
      stateMachines: [chains.approvalChain],
    });
  }
}

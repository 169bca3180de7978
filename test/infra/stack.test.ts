import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/lib/app.ts';
import { APPROVAL_CHAIN } from '../../infra/lib/huiqi-stack.ts';
import { PlatformFunction } from '../../infra/lib/platform-function.ts';
import { CHINA_CONTEXT, PRODUCTION_CONTEXT } from '../support/deployment-context.ts';
import { isPlatformFunction } from '../support/platform-functions.ts';

/** Every synth writes its assembly to a folder of its own, deleted when the file's tests are done. */
const outdirs: string[] = [];
const outdir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  outdirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** Synthesizes without bundling the functions' code: these tests read the template, never the bundles. */
const synth = (context: Record<string, string> = {}) => {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], ...context },
    outdir: outdir('huiqi-cdk-'),
  });
  const { stack } = buildApp(app);
  const template = Template.fromStack(stack);
  return { app, stack, template, json: JSON.stringify(template.toJSON()) };
};

describe('the CDK stack', () => {
  const standard = synth();
  /** The policies that let a function put objects into a bucket (by its logical id's start). */
  const writersOf = (bucket: string) =>
    Object.entries(standard.template.findResources('AWS::IAM::Policy'))
      .filter(([, policy]) =>
        (
          policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]
        ).some(
          (statement) =>
            [statement.Action].flat().includes('s3:PutObject') &&
            JSON.stringify(statement.Resource).includes(`"${bucket}`),
        ),
      )
      .map(([id]) => id);
  const china = synth(CHINA_CONTEXT);
  const platformFunction = isPlatformFunction(standard.template.toJSON().Resources);

  it('keeps policies, cases, enterprises, the audit trail and the ledger in on-demand, encrypted, recoverable tables', () => {
    standard.template.resourceCountIs('AWS::DynamoDB::GlobalTable', 5);
    standard.template.allResourcesProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });

  it('protects tables from deletion outside dev', () => {
    const production = synth(PRODUCTION_CONTEXT);
    production.template.allResourcesProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })],
    });
    standard.template.allResourcesProperties('AWS::DynamoDB::GlobalTable', {
      Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })],
    });
  });

  it('refuses a stage other than dev that names no bank, in one line, and builds one that does in both partitions', () => {
    // Assess: production never pays through the simulated bank, nor without its layout and payer accounts.
    expect(() => synth({ stage: 'prod' })).toThrow(/^阶段 prod 须指定兑付银行.*-c bank=file -c bankLayout=/);
    expect(() => synth({ ...PRODUCTION_CONTEXT, bank: 'simulated' })).toThrow(/simulated bank pays nobody/);
    expect(() => synth({ ...PRODUCTION_CONTEXT, bankLayout: 'no-such-bank' })).toThrow(
      /bankLayout=no-such-bank/,
    );
    expect(() => synth({ ...PRODUCTION_CONTEXT, bankPayerAccounts: '{"360728":{}}' })).toThrow(
      /bankPayerAccounts/,
    );
    for (const context of [PRODUCTION_CONTEXT, { ...PRODUCTION_CONTEXT, ...CHINA_CONTEXT }]) {
      const { template } = synth(context);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            BANK_ADAPTER: 'file',
            BANK_LAYOUT: 'icbc-batch-xlsx',
            BANK_CUT_OFFS: '10:00,15:00',
          }),
        },
      });
    }
  });

  it('sends payout orders through a queue with a dead-letter queue and an alarm on it', () => {
    standard.template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    standard.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
    standard.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('runs every function on nodejs22.x with Powertools settings and active tracing', () => {
    const functions = Object.entries(standard.template.findResources('AWS::Lambda::Function')).filter(
      ([id]) => platformFunction(id),
    );
    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toMatch(/^huiqi-/);
    }
  });

  it('takes the JWT issuer and audience from context, so a province’s identity provider plugs in', () => {
    const plugged = synth({
      jwtIssuer: 'https://idp.example.gov.cn/realms/jx',
      jwtAudience: 'huiqi,huiqi-mobile',
    });
    plugged.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Issuer: 'https://idp.example.gov.cn/realms/jx',
        Audience: ['huiqi', 'huiqi-mobile'],
      },
    });
  });

  it('gives the catalog function its cache seconds from context, 30 unless told, and refuses a wrong one', () => {
    const catalogEnvironment = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function'))
        .map((fn) => fn.Properties.Environment?.Variables ?? {})
        .filter((variables) => 'CATALOG_CACHE_SECONDS' in variables);
    expect(catalogEnvironment(standard.template)).toEqual([
      expect.objectContaining({ CATALOG_CACHE_SECONDS: '30' }),
    ]);
    expect(catalogEnvironment(synth({ catalogCacheSeconds: '0' }).template)).toEqual([
      expect.objectContaining({ CATALOG_CACHE_SECONDS: '0' }),
    ]);
    expect(() => synth({ catalogCacheSeconds: 'soon' })).toThrow(/CATALOG_CACHE_SECONDS/);
  });

  it('leaves only the catalog, the calendar, the announcements, the API description and the health check public', () => {
    const routes = Object.values(standard.template.findResources('AWS::ApiGatewayV2::Route'));
    const open = routes
      .filter((r) => r.Properties.AuthorizationType === 'NONE')
      .map((r) => r.Properties.RouteKey);
    expect(open.sort()).toEqual([
      'GET /announcements',
      'GET /calendar/{year}',
      'GET /departments',
      'GET /health',
      'GET /openapi.json',
      'GET /policies',
      'GET /policies/{id}',
      'GET /policies/{id}/versions/{version}',
    ]);
  });

  it('gives no function a table name without a DynamoDB grant on that table', () => {
    const resources: Record<
      string,
      { Type: string; Properties: { Roles?: unknown; PolicyDocument?: { Statement: unknown[] } } }
    > = standard.template.toJSON().Resources;
    const statementsOf = (roleId: string) =>
      Object.values(resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .filter((r) => JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap((r) => r.Properties.PolicyDocument?.Statement ?? []);
    const ungranted: string[] = [];
    for (const [id, fn] of Object.entries(standard.template.findResources('AWS::Lambda::Function')).filter(
      ([id]) => platformFunction(id),
    )) {
      const statements = JSON.stringify(statementsOf(fn.Properties.Role['Fn::GetAtt'][0]));
      for (const [name, value] of Object.entries<{ Ref: string }>(fn.Properties.Environment.Variables)) {
        if (name.endsWith('_TABLE') && !statements.includes(`{"Fn::GetAtt":["${value.Ref}","Arn"]}`)) {
          ungranted.push(`${id} ${name}`);
        }
      }
    }
    expect(ungranted).toEqual([]);
  });

  it('refuses a table name given as a plain environment variable, without its grant', () => {
    const stack = new Stack(new App({ outdir: outdir('huiqi-env-') }), 'Env');
    const careless = () =>
      new PlatformFunction(stack, 'Careless', {
        folder: 'oversight',
        description: 'a table name without a grant',
        environment: { CASES_TABLE: 'cases' },
        removalPolicy: RemovalPolicy.DESTROY,
      });
    expect(careless).toThrow(/CASES_TABLE must be given with useTable/);
  });

  it('keeps materials in a private, encrypted, TLS-only bucket that only intake may write', () => {
    standard.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({}),
    });
    standard.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    // Writers of the materials bucket: intake alone.
    expect(writersOf('MaterialsBucket')).toEqual([expect.stringMatching(/^Intake/)]);
  });

  it('keeps bank files in their own bucket: the sweep writes payment files, the payer imports the bank’s', () => {
    expect(writersOf('BankFilesBucket').sort()).toEqual([
      expect.stringMatching(/^FundPool/),
      expect.stringMatching(/^PayoutSweep/),
    ]);
    const policies = JSON.stringify(standard.template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('/outbox/*');
    expect(policies).toContain('/inbox/*');
  });

  it('runs the approval chain as one Standard state machine with logging', () => {
    standard.template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    standard.template.allResourcesProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
  });

  it('schedules the SLA sweep in Asia/Shanghai, telling it the scheduled time', () => {
    standard.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: Match.objectLike({ Input: Match.stringLikeRegexp('<aws.scheduler.scheduled-time>') }),
    });
  });

  it('substitutes every ASL placeholder and uses every substitution', () => {
    const machines = standard.template.findResources('AWS::StepFunctions::StateMachine');
    const asl = readFileSync(path.join('statemachines', APPROVAL_CHAIN.file), 'utf8');
    const placeholders = new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]));
    const machine = Object.entries(machines).find(([logicalId]) =>
      logicalId.startsWith(APPROVAL_CHAIN.id),
    )?.[1];
    const substitutions = new Set(Object.keys(machine?.Properties.DefinitionSubstitutions ?? {}));
    expect(placeholders.size).toBeGreaterThan(0);
    expect([...placeholders].sort()).toEqual([...substitutions].sort());
  });

  it('keeps the ASL to JSONPath, which the local engine runs', () => {
    const asl = JSON.parse(readFileSync(path.join('statemachines', APPROVAL_CHAIN.file), 'utf8'));
    expect(asl.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
  });

  it('synthesizes for the China partition without a single literal arn:aws: ARN', () => {
    expect(china.stack.region).toBe('cn-northwest-1');
    expect(china.json).not.toMatch(/arn:aws:/);
    expect(standard.json).not.toMatch(/arn:aws:/);
  });

  it('passes cdk-nag’s AwsSolutions pack with every finding acknowledged for a reason', () => {
    for (const { app } of [standard, china]) {
      const assembly = app.synth();
      const report = JSON.parse(
        readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'),
      );
      const violations = JSON.stringify(report).match(/"status":"failure"/g) ?? [];
      expect(violations).toHaveLength(0);
    }
  });

  it('would fail the synth on an unacknowledged finding (the check can fail)', () => {
    // Prepare: an app with a queue that breaks AwsSolutions-SQS3/SQS4.
    const app = new App({ outdir: outdir('huiqi-nag-') });
    new Queue(new Stack(app, 'Careless'), 'Plain');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Act / Assess
    expect(() => app.synth()).toThrow();
  });
});

// cdk-nag AwsSolutions findings the platform accepts, each with the reason it is accepted.
import { type CfnResource, type Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { WebFrontend } from './constructs/web-frontend.ts';

export interface NagContext {
  /** Tables whose indexes functions query (grants name `<table>/index/*`). */
  tables: ITableV2[];
  /** Buckets whose objects functions read or write under a key prefix. */
  buckets: IBucket[];
  /** The payment files' and the bank's files' bucket, read and written under outbox/ and inbox/. */
  bankFilesBucket: IBucket;
  /** Functions a state machine invokes (grants name `<function>:*` for versions). */
  stateMachineTargets: IFunction[];
  /** Functions a schedule invokes. */
  scheduleTargets: IFunction[];
  /** State machines whose executions functions describe or redrive (grants name `execution:<machine>:*`). */
  stateMachines: IStateMachine[];
  /** The web app's distribution and the deployments that fill its bucket. */
  web: WebFrontend;
  /** The distribution's certificate: CloudFront's own (no webDomain), an ACM one or an IAM server certificate. */
  certificate: 'cloudfront' | 'acm' | 'iam';
}

const logicalIdOf = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnResource);

export function acknowledgeNagFindings(stack: Stack, context: NagContext): void {
  const acknowledge = (id: string, reason: string) => Validations.of(stack).acknowledge({ id, reason });
  acknowledge(
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'Only lets each function write its own CloudWatch logs; the log groups themselves are declared with retention.',
  );
  acknowledge(
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray PutTraceSegments/PutTelemetryRecords and CloudWatch Logs delivery for Step Functions support no resource-level scoping.',
  );
  acknowledge(
    'AwsSolutions-L1',
    'nodejs22.x is the runtime the platform is built and tested on, locally and in Lambda; upgrading is a deliberate release.',
  );
  acknowledge(
    'AwsSolutions-APIG4',
    'The catalog reads (GET /policies, /policies/{id}, its versions, /departments), /openapi.json and /health (an uptime check that reads nothing) are public by design: 一网查询 needs no login.',
  );
  for (const table of context.tables) {
    acknowledge(
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(stack, table)}.Arn>/index/*]`,
      "Queries on the table's own secondary indexes; the grant is limited to this one table.",
    );
  }
  for (const bucket of context.buckets) {
    acknowledge(
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(stack, bucket)}.Arn>/materials/*]`,
      'Uploads are keyed by enterprise and material id under materials/; the grant covers that prefix of this one bucket.',
    );
  }
  for (const folder of ['outbox', 'inbox']) {
    acknowledge(
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(stack, context.bankFilesBucket)}.Arn>/${folder}/*]`,
      `Bank files are keyed by division and file id under ${folder}/; the grant covers that prefix of this one bucket.`,
    );
  }
  for (const machine of context.stateMachines) {
    // CDK names a machine's executions by splitting the name out of its ARN.
    const name = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalIdOf(stack, machine)}"}]}]}`;
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    acknowledge(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:<AWS::AccountId>:execution:${name}:*]`,
      'Describing or redriving the executions of this one approval chain, which are named by case at run time.',
    );
  }
  for (const fn of [...context.stateMachineTargets, ...context.scheduleTargets]) {
    acknowledge(
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(stack, fn)}.Arn>:*]`,
      'Invoking any version or alias of this one function, as CDK grants for Step Functions and Scheduler targets.',
    );
  }
  acknowledgeWebFindings(stack, context.web, context.certificate);
}

function acknowledgeWebFindings(
  stack: Stack,
  web: WebFrontend,
  certificate: NagContext['certificate'],
): void {
  const distribution = Validations.of(web.distribution);
  distribution.acknowledge({
    id: 'AwsSolutions-CFR1',
    reason:
      'The portal is public service for enterprises wherever their staff are; access is decided by sign-in, not by country.',
  });
  distribution.acknowledge({
    id: 'AwsSolutions-CFR2',
    reason:
      'AWS WAF is regional-only in China regions, so it cannot be attached to CloudFront there; the API behind it has its JWT authorizer and API Gateway throttling.',
  });
  if (certificate === 'cloudfront') {
    distribution.acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        "Without webDomain the distribution answers on CloudFront's own certificate, whose TLS floor CloudFront fixes; with webDomain/webCertificate it is TLSv1.2_2021.",
    });
  }
  if (certificate === 'iam') {
    distribution.acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The IAM server certificate is set with sni-only and TLSv1.2_2021 by a property override (the L2 takes ACM only), which the rule does not read; the infra tests hold the template to it.',
    });
  }
  if (web.china) {
    distribution.acknowledge({
      id: 'AwsSolutions-CFR7',
      reason:
        'China regions: CloudFormation there has no origin access control, so the private bucket is read through an origin access identity.',
    });
  }
  // Every deployment shares CDK's one deployment function: its role is the same construct for all three.
  const role = web.deployments[0]?.handlerRole;
  if (!role) return;
  const deployer = Validations.of(role);
  for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
    deployer.acknowledge({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason:
        "CDK's bucket deployment syncs the release into the web bucket (aws s3 sync, pruning old pages): its grant covers the CDK assets bucket and the web bucket only.",
    });
  }
  deployer.acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region}/*]`,
    reason:
      "Reading the release's zipped files from the CDK bootstrap assets bucket, where cdk deploy puts them.",
  });
  deployer.acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(stack, web.bucket)}.Arn>/*]`,
    reason:
      "Writing and pruning the web app's and the API viewer's files, the only objects of the web bucket.",
  });
}

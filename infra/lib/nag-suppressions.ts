// cdk-nag AwsSolutions findings the platform accepts, each with the reason it is accepted.
import { type CfnResource, type Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';

export interface NagContext {
  /** Tables whose indexes functions query (grants name `<table>/index/*`). */
  tables: ITableV2[];
  /** Buckets whose objects functions read or write under a key prefix. */
  buckets: IBucket[];
  /** Functions a state machine invokes (grants name `<function>:*` for versions). */
  stateMachineTargets: IFunction[];
  /** Functions a schedule invokes. */
  scheduleTargets: IFunction[];
  /** State machines whose executions functions describe or redrive (grants name `execution:<machine>:*`). */
  stateMachines: IStateMachine[];
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
}

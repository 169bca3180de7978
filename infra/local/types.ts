// Shapes shared by the one-machine runner's engines; the runner reads them off the synthesized template.

/** A Lambda function as the template declares it, with its bundle located in cdk.out. */
export interface LocalFunction {
  logicalId: string;
  /** Physical name used locally (the logical id). */
  name: string;
  arn: string;
  /** Absolute path of the bundled entry file (index.mjs / index.js in the asset folder). */
  entryFile: string;
  /** Exported handler name, e.g. "handler" for "index.handler". */
  handlerExport: string;
  /** Environment from the template with every intrinsic resolved to local values. */
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
}

/** Invokes a local function by name or ARN with a JSON event; resolves with its result, rejects with a LambdaError. */
export type InvokeFunction = (functionNameOrArn: string, event: unknown) => Promise<unknown>;

/** Raised when a handler throws: carries Lambda's errorType / errorMessage pair. */
export class LambdaError extends Error {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
  ) {
    super(`${errorType}: ${errorMessage}`);
    this.name = errorType;
  }
}

/** AWS::DynamoDB::Table properties the local engine understands, with the physical table name. */
export interface TableSpec {
  tableName: string;
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  globalSecondaryIndexes?: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
  }[];
  /** Attribute name of the TTL setting, if any. */
  timeToLiveAttribute?: string;
}

/** AWS::SQS::Queue as declared, with the physical name and the redrive target already resolved. */
export interface QueueSpec {
  logicalId: string;
  queueName: string;
  visibilityTimeoutSeconds?: number;
  messageRetentionSeconds?: number;
  fifo?: boolean;
  /** Dead-letter queue by physical name, and how many receives before a message moves there. */
  redrive?: { deadLetterQueueName: string; maxReceiveCount: number };
}

/** AWS::Lambda::EventSourceMapping from an SQS queue. */
export interface EventSourceMappingSpec {
  queueName: string;
  functionName: string;
  batchSize: number;
  maximumBatchingWindowSeconds?: number;
  /** True when FunctionResponseTypes contains ReportBatchItemFailures. */
  reportBatchItemFailures: boolean;
  /** ScalingConfig.MaximumConcurrency: how many batches Lambda runs at once; locally, parallel poller loops. */
  maximumConcurrency?: number;
  enabled: boolean;
}

/** AWS::StepFunctions::StateMachine with its definition already substituted. */
export interface StateMachineSpec {
  logicalId: string;
  name: string;
  arn: string;
  /** The ASL definition with every ${Placeholder} replaced by its local value. */
  definition: Record<string, unknown>;
}

/** One AWS::ApiGatewayV2::Route with its integration target and its authorization. */
export interface RouteSpec {
  /** e.g. "GET /policies/{id}" or "$default". */
  routeKey: string;
  functionName: string;
  /** Absent for public routes. */
  jwt?: { issuer: string; audience: string[] };
}

/** A schedule (AWS::Scheduler::Schedule or AWS::Events::Rule) that invokes a function. */
export interface ScheduleSpec {
  logicalId: string;
  /** "cron(0 1 * * ? *)" or "rate(5 minutes)". */
  expression: string;
  timezone: string;
  functionName: string;
  /** The event the target is invoked with (Input of the target), parsed. */
  input: unknown;
}

/** A running engine or server the runner must stop on shutdown. */
export interface Stoppable {
  stop(): Promise<void>;
}

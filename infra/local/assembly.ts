// Reads the synthesized cloud assembly and turns its resources into specs for the local engines.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CorsRule } from './object-storage.ts';
import type {
  EventSourceMappingSpec,
  LocalFunction,
  QueueSpec,
  RouteSpec,
  ScheduleSpec,
  StateMachineSpec,
  TableSpec,
} from './types.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Resource {
  Type: string;
  Properties?: Record<string, Json>;
  Metadata?: Record<string, Json>;
}
interface Template {
  Resources: Record<string, Resource>;
}

/** Values the template leaves to the account it is deployed in. */
export interface Pseudo {
  region: string;
  accountId: string;
  partition: string;
  stackName: string;
}

/** Where the local engines listen, so references to them resolve to local values. */
export interface LocalEndpoints {
  queueUrlOf(queueName: string): string;
}

export interface CustomResourceSpec {
  logicalId: string;
  type: string;
  functionName: string;
  properties: Record<string, unknown>;
}

export interface Assembly {
  pseudo: Pseudo;
  functions: LocalFunction[];
  machines: StateMachineSpec[];
  mappings: EventSourceMappingSpec[];
  routes: RouteSpec[];
  schedules: ScheduleSpec[];
  customResources: CustomResourceSpec[];
}

export class LocalTemplate {
  readonly template: Template;
  readonly pseudo: Pseudo;

  constructor(
    readonly cdkOut: string,
    readonly stackName: string,
  ) {
    const manifest = JSON.parse(readFileSync(path.join(cdkOut, 'manifest.json'), 'utf8'));
    const artifact = manifest.artifacts?.[stackName];
    if (!artifact) throw new Error(`stack ${stackName} is not in ${cdkOut}; run cdk synth first`);
    this.template = JSON.parse(readFileSync(path.join(cdkOut, artifact.properties.templateFile), 'utf8'));
    // An environment-agnostic stack says unknown-region; any concrete region (cn-… included) is honoured.
    const region = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(artifact.environment ?? '')?.[1];
    const concrete = region && region !== 'unknown-region' ? region : 'us-east-1';
    this.pseudo = {
      region: concrete,
      accountId: '000000000000',
      partition: concrete.startsWith('cn-') ? 'aws-cn' : 'aws',
      stackName,
    };
  }

  private ofType(...types: string[]): [string, Resource][] {
    return Object.entries(this.template.Resources).filter(
      ([, r]) =>
        types.includes(r.Type) || types.some((t) => t.endsWith('*') && r.Type.startsWith(t.slice(0, -1))),
    );
  }

  private props(logicalId: string): Record<string, Json> {
    return this.template.Resources[logicalId]?.Properties ?? {};
  }

  /** Tables, with their logical ids as local table names. */
  tables(): TableSpec[] {
    return this.ofType('AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable').map(([id, r]) => {
      const p = r.Properties as unknown as {
        KeySchema: TableSpec['keySchema'];
        AttributeDefinitions: TableSpec['attributeDefinitions'];
        GlobalSecondaryIndexes?: TableSpec['globalSecondaryIndexes'];
        TimeToLiveSpecification?: { AttributeName?: string; Enabled?: boolean };
      };
      return {
        tableName: id,
        keySchema: p.KeySchema,
        attributeDefinitions: p.AttributeDefinitions,
        globalSecondaryIndexes: p.GlobalSecondaryIndexes?.map((gsi) => ({
          IndexName: gsi.IndexName,
          KeySchema: gsi.KeySchema,
          Projection: gsi.Projection,
        })),
        ...(p.TimeToLiveSpecification?.Enabled && p.TimeToLiveSpecification.AttributeName
          ? { timeToLiveAttribute: p.TimeToLiveSpecification.AttributeName }
          : {}),
      };
    });
  }

  /** Buckets, named by their logical ids in lower case as S3 requires. */
  buckets(): string[] {
    return this.ofType('AWS::S3::Bucket').map(([id]) => localBucketName(id));
  }

  /** Each bucket's CORS rules by its local name, for the object storage's front door. */
  bucketCors(): Record<string, CorsRule[]> {
    return Object.fromEntries(
      this.ofType('AWS::S3::Bucket').map(([id, r]) => [
        localBucketName(id),
        (r.Properties?.CorsConfiguration as { CorsRules?: CorsRule[] } | undefined)?.CorsRules ?? [],
      ]),
    );
  }

  /** Queues, with their logical ids as local queue names (FIFO queues keep the .fifo suffix). */
  queues(): QueueSpec[] {
    const nameOf = (id: string) => (this.props(id).FifoQueue ? `${id}.fifo` : id);
    return this.ofType('AWS::SQS::Queue').map(([id, r]) => {
      const p = r.Properties ?? {};
      const redrive = p.RedrivePolicy as { deadLetterTargetArn?: Json; maxReceiveCount?: number } | undefined;
      const dlqId = (redrive?.deadLetterTargetArn as { 'Fn::GetAtt'?: string[] } | undefined)?.[
        'Fn::GetAtt'
      ]?.[0];
      return {
        logicalId: id,
        queueName: nameOf(id),
        ...(typeof p.VisibilityTimeout === 'number' ? { visibilityTimeoutSeconds: p.VisibilityTimeout } : {}),
        ...(typeof p.MessageRetentionPeriod === 'number'
          ? { messageRetentionSeconds: p.MessageRetentionPeriod }
          : {}),
        ...(p.FifoQueue ? { fifo: true } : {}),
        ...(dlqId && redrive?.maxReceiveCount
          ? { redrive: { deadLetterQueueName: nameOf(dlqId), maxReceiveCount: redrive.maxReceiveCount } }
          : {}),
      };
    });
  }

  /** The functions that serve only custom resources left aside (CDK's bucket deployment, written in Python). */
  private leftAsideFunctions(): Set<string> {
    const serviceTokenOf = (r: Resource) =>
      (r.Properties?.ServiceToken as { 'Fn::GetAtt'?: string[] } | undefined)?.['Fn::GetAtt']?.[0];
    const custom = this.ofType('Custom::*', 'AWS::CloudFormation::CustomResource');
    const needed = new Set(
      custom
        .filter(([, r]) => !LEFT_ASIDE_CUSTOM_RESOURCES.includes(r.Type))
        .map(([, r]) => serviceTokenOf(r)),
    );
    return new Set(
      custom
        .filter(([, r]) => LEFT_ASIDE_CUSTOM_RESOURCES.includes(r.Type))
        .map(([, r]) => serviceTokenOf(r))
        .filter((id): id is string => id !== undefined && !needed.has(id)),
    );
  }

  /** Everything else, once the engines are up and references to them can be resolved. */
  resolve(endpoints: LocalEndpoints): Assembly {
    const resolver = new Resolver(this.template, this.pseudo, endpoints);
    const functionName = (value: Json) => lastArnPart(String(resolver.resolve(value)));
    const leftAside = this.leftAsideFunctions();
    return {
      pseudo: this.pseudo,
      functions: this.ofType('AWS::Lambda::Function').flatMap(([id, r]) => {
        if (leftAside.has(id)) return [];
        const p = r.Properties ?? {};
        const assetPath = r.Metadata?.['aws:asset:path'];
        if (typeof assetPath !== 'string')
          throw new Error(`function ${id} has no bundled asset in ${this.cdkOut}`);
        const [file, exportName] = String(p.Handler ?? 'index.handler').split('.');
        const assetDir = path.resolve(this.cdkOut, assetPath);
        const entryFile = ['.mjs', '.js', '.cjs']
          .map((ext) => path.join(assetDir, `${file}${ext}`))
          .find((file) => existsSync(file));
        if (!entryFile) throw new Error(`function ${id}: no ${file}.mjs/.js in ${assetDir}`);
        const variables = ((p.Environment as { Variables?: Record<string, Json> } | undefined)?.Variables ??
          {}) as Record<string, Json>;
        return [
          {
            logicalId: id,
            name: id,
            arn: resolver.arnOf(id, r.Type),
            entryFile,
            handlerExport: exportName ?? 'handler',
            environment: Object.fromEntries(
              Object.entries(variables).map(([k, v]) => [k, String(resolver.resolve(v))]),
            ),
            timeoutSeconds: typeof p.Timeout === 'number' ? p.Timeout : 3,
            memoryMb: typeof p.MemorySize === 'number' ? p.MemorySize : 128,
          },
        ];
      }),
      machines: this.ofType('AWS::StepFunctions::StateMachine').map(([id, r]) => {
        const p = r.Properties ?? {};
        const substitutions = Object.fromEntries(
          Object.entries((p.DefinitionSubstitutions ?? {}) as Record<string, Json>).map(([k, v]) => [
            k,
            String(resolver.resolve(v)),
          ]),
        );
        const raw = this.definitionText(id, p);
        const definition = raw.replace(
          /\$\{([A-Za-z0-9_]+)\}/g,
          (whole, name: string) => substitutions[name] ?? whole,
        );
        return {
          logicalId: id,
          name: id,
          arn: resolver.arnOf(id, r.Type),
          definition: JSON.parse(definition),
        };
      }),
      mappings: this.ofType('AWS::Lambda::EventSourceMapping').flatMap(([, r]) => {
        const p = r.Properties ?? {};
        const source = String(resolver.resolve(p.EventSourceArn ?? ''));
        if (!source.includes(':sqs:')) return [];
        return [
          {
            queueName: lastArnPart(source),
            functionName: functionName(p.FunctionName ?? ''),
            batchSize: typeof p.BatchSize === 'number' ? p.BatchSize : 10,
            ...(typeof p.MaximumBatchingWindowInSeconds === 'number'
              ? { maximumBatchingWindowSeconds: p.MaximumBatchingWindowInSeconds }
              : {}),
            reportBatchItemFailures: ((p.FunctionResponseTypes ?? []) as Json[]).includes(
              'ReportBatchItemFailures',
            ),
            ...(typeof (p.ScalingConfig as { MaximumConcurrency?: Json } | undefined)?.MaximumConcurrency ===
            'number'
              ? {
                  maximumConcurrency: (p.ScalingConfig as { MaximumConcurrency: number }).MaximumConcurrency,
                }
              : {}),
            enabled: p.Enabled !== false,
          },
        ];
      }),
      routes: this.ofType('AWS::ApiGatewayV2::Route').map(([, r]) => {
        const p = r.Properties ?? {};
        const target = String(resolver.resolve(p.Target ?? ''));
        const integration = this.props(target.replace(/^integrations\//, ''));
        const authorizerId = (p.AuthorizerId as { Ref?: string } | undefined)?.Ref;
        const jwt = authorizerId
          ? (this.props(authorizerId).JwtConfiguration as { Issuer: string; Audience: string[] })
          : undefined;
        return {
          routeKey: String(p.RouteKey),
          functionName: functionName(integration.IntegrationUri ?? ''),
          ...(p.AuthorizationType === 'JWT' && jwt
            ? { jwt: { issuer: String(resolver.resolve(jwt.Issuer)), audience: jwt.Audience.map(String) } }
            : {}),
        };
      }),
      schedules: [
        ...this.ofType('AWS::Scheduler::Schedule').map(([id, r]): ScheduleSpec => {
          const p = r.Properties ?? {};
          const target = (p.Target ?? {}) as { Arn?: Json; Input?: string };
          return {
            logicalId: id,
            expression: String(p.ScheduleExpression),
            timezone: String(p.ScheduleExpressionTimezone ?? 'UTC'),
            functionName: functionName(target.Arn ?? ''),
            input: target.Input ? JSON.parse(String(resolver.resolve(target.Input))) : {},
          };
        }),
        ...this.ofType('AWS::Events::Rule').flatMap(([id, r]): ScheduleSpec[] => {
          const p = r.Properties ?? {};
          if (!p.ScheduleExpression) return [];
          return ((p.Targets ?? []) as { Arn: Json; Input?: string }[]).map((target) => ({
            logicalId: id,
            expression: String(p.ScheduleExpression),
            timezone: 'UTC',
            functionName: functionName(target.Arn),
            input: target.Input ? JSON.parse(String(resolver.resolve(target.Input))) : {},
          }));
        }),
      ],
      customResources: this.ofType('Custom::*', 'AWS::CloudFormation::CustomResource').flatMap(([id, r]) => {
        if (LEFT_ASIDE_CUSTOM_RESOURCES.includes(r.Type)) return [];
        const { ServiceToken, ...properties } = r.Properties ?? {};
        return [
          {
            logicalId: id,
            type: r.Type,
            functionName: functionName(ServiceToken ?? ''),
            properties: resolver.resolve(properties as Json) as Record<string, unknown>,
          },
        ];
      }),
    };
  }

  /** The ASL text: inline, or the file asset CDK staged next to the template. */
  private definitionText(id: string, p: Record<string, Json>): string {
    if (typeof p.DefinitionString === 'string') return p.DefinitionString;
    if (p.DefinitionString)
      throw new Error(`state machine ${id}: DefinitionString with intrinsics is not supported locally`);
    if (p.Definition) return JSON.stringify(p.Definition);
    const key = (p.DefinitionS3Location as { Key?: string } | undefined)?.Key;
    if (!key) throw new Error(`state machine ${id} has no definition`);
    return readFileSync(path.join(this.cdkOut, `asset.${key}`), 'utf8');
  }
}

const localBucketName = (logicalId: string) => logicalId.toLowerCase();

/**
 * Custom resources with nothing to do here, left aside with the function that serves them: the bucket deployments
 * fill the web bucket behind CloudFront, while `npm start` serves web/dist and the API viewer from where they lie.
 */
const LEFT_ASIDE_CUSTOM_RESOURCES = ['Custom::CDKBucketDeployment'];

const lastArnPart = (arnOrName: string) => arnOrName.split(/[:/]/).pop() ?? arnOrName;

/** CloudFormation's intrinsic functions, evaluated against local names. */
class Resolver {
  constructor(
    private readonly template: Template,
    private readonly pseudo: Pseudo,
    private readonly endpoints: LocalEndpoints,
  ) {}

  arnOf(logicalId: string, type: string): string {
    const { partition, region, accountId } = this.pseudo;
    switch (type) {
      case 'AWS::Lambda::Function':
        return `arn:${partition}:lambda:${region}:${accountId}:function:${logicalId}`;
      case 'AWS::StepFunctions::StateMachine':
        return `arn:${partition}:states:${region}:${accountId}:stateMachine:${logicalId}`;
      case 'AWS::SQS::Queue':
        return `arn:${partition}:sqs:${region}:${accountId}:${logicalId}`;
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return `arn:${partition}:dynamodb:${region}:${accountId}:table/${logicalId}`;
      case 'AWS::S3::Bucket':
        return `arn:${partition}:s3:::${localBucketName(logicalId)}`;
      case 'AWS::Logs::LogGroup':
        return `arn:${partition}:logs:${region}:${accountId}:log-group:${logicalId}:*`;
      default:
        return `arn:${partition}:local:${region}:${accountId}:${logicalId}`;
    }
  }

  private ref(name: string): Json {
    const pseudo: Record<string, string> = {
      'AWS::Region': this.pseudo.region,
      'AWS::AccountId': this.pseudo.accountId,
      'AWS::Partition': this.pseudo.partition,
      'AWS::StackName': this.pseudo.stackName,
      'AWS::URLSuffix': this.pseudo.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
      'AWS::NoValue': '',
    };
    if (name in pseudo) return pseudo[name] ?? '';
    const resource = this.template.Resources[name];
    if (!resource) throw new Error(`Ref to unknown resource ${name}`);
    if (resource.Type === 'AWS::SQS::Queue') return this.endpoints.queueUrlOf(name);
    if (resource.Type === 'AWS::StepFunctions::StateMachine') return this.arnOf(name, resource.Type);
    if (resource.Type === 'AWS::S3::Bucket') return localBucketName(name);
    return name;
  }

  private getAtt(name: string, attribute: string): Json {
    const resource = this.template.Resources[name];
    if (!resource) throw new Error(`GetAtt on unknown resource ${name}`);
    if (attribute === 'Arn') return this.arnOf(name, resource.Type);
    if (attribute === 'QueueUrl') return this.endpoints.queueUrlOf(name);
    if (attribute === 'QueueName' || attribute === 'Name') return name;
    return `${name}.${attribute}`;
  }

  resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [fn] = keys as [string];
      const arg = value[fn] as Json;
      switch (fn) {
        case 'Ref':
          return this.ref(String(arg));
        case 'Fn::GetAtt': {
          const [name, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
          return this.getAtt(name ?? '', attribute ?? '');
        }
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, Json[]];
          return (this.resolve(parts) as Json[]).map(String).join(separator);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [number, Json];
          return (this.resolve(list) as Json[])[Number(index)] ?? '';
        }
        case 'Fn::Split': {
          const [separator, source] = arg as [string, Json];
          return String(this.resolve(source)).split(separator);
        }
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(arg)
            ? (arg as [string, Record<string, Json>])
            : [String(arg), {}];
          return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
            if (name in vars) return String(this.resolve(vars[name] as Json));
            const [resource, attribute] = name.split('.');
            return String(attribute ? this.getAtt(resource ?? '', attribute) : this.ref(name));
          });
        }
      }
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
  }
}

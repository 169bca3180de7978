// Starts a real `npm start` on a free port and a temp data dir, for benchmarks that measure the platform as users run it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../infra/local/loopback.ts';

// A synth alone takes minutes on a busy 2-core machine.
const READY_TIMEOUT_MS = 300_000;
const SEEDED_POLICIES = 53;
const OUTPUT_TAIL_CHARS = 4000;

export interface LocalServer {
  url: string;
  /** HUIQI_DATA_DIR of the server: the issuer key lives here, so tokens minted from it are accepted. */
  dataDir: string;
  /** From the command to the seeded catalog served, in ms. */
  readyMs: number;
  /** What `npm start` printed, its last few thousand characters. */
  output(): string;
  /** Stops the server; a data directory it made is removed unless `keepData` (to start on it again). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface LocalServerOptions {
  /** A data directory to start on again (a warm start); a fresh one otherwise. */
  dataDir?: string;
  /** Settings for the platform's functions, e.g. CATALOG_CACHE_SECONDS. */
  env?: Record<string, string>;
  /** Skips the synth, when the caller has just run it for the same code. */
  noSynth?: boolean;
}

/** Resolves once the seeded catalog is served, which is when every route is usable. */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const port = await findFreePort();
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'huiqi-bench-'));
  const url = `http://127.0.0.1:${port}`;
  const startedAt = performance.now();
  // Its own process group, so the whole tree (npm, tsx, node, java) is stopped by one signal.
  const child = spawn('npm', ['start', ...(options.noSynth ? ['--', '--no-synth'] : [])], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env, PORT: String(port), HUIQI_DATA_DIR: dataDir },
  });
  // Drained so a chatty server under load never blocks on a full pipe; the tail explains a failed start.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  let stopped = false;
  const stop = async ({ keepData = false } = {}) => {
    if (stopped) return;
    stopped = true;
    if (exitCode === undefined && child.pid) {
      try {
        process.kill(-child.pid, 'SIGINT');
      } catch (error) {
        // The group may already be gone if the server died on its own.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
    await exited;
    if (!keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    for (;;) {
      if (exitCode !== undefined) throw new Error(`npm start exited with ${exitCode}:\n${output}`);
      if (performance.now() - startedAt > READY_TIMEOUT_MS) {
        throw new Error(`not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
      }
      try {
        const response = await fetch(`${url}/policies?limit=100`);
        const body = (await response.json()) as { items: unknown[] };
        if (body.items.length === SEEDED_POLICIES) {
          const readyMs = performance.now() - startedAt;
          return { url, dataDir, readyMs, output: () => output, stop };
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

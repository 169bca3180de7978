// Where the one-machine platform serves: `npm start` records it in the data folder, and the CLIs read it from there.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PORT, resolveDataDir } from './issuer-config.ts';

const FILE = 'platform.json';

/** Written once the platform is ready, so `PORT=3951 npm start` needs no PORT for the tools that follow. */
export function recordAddress(dataDir: string, url: string): void {
  writeFileSync(path.join(dataDir, FILE), `${JSON.stringify({ url, pid: process.pid })}\n`);
}

/**
 * The platform's base URL: HUIQI_API, else PORT, else what the last `npm start` on this data folder recorded,
 * else the default port.
 */
export function platformUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HUIQI_API) return env.HUIQI_API.replace(/\/$/, '');
  if (env.PORT) return `http://127.0.0.1:${env.PORT}`;
  try {
    const recorded = JSON.parse(readFileSync(path.join(resolveDataDir(env), FILE), 'utf8')) as {
      url?: unknown;
    };
    if (typeof recorded.url === 'string') return recorded.url;
  } catch {
    // Never started on this data folder: the default address.
  }
  return `http://127.0.0.1:${DEFAULT_PORT}`;
}

/** The port of a platform URL, for the local issuer, whose URL follows it. */
export const portOf = (url: string) => Number(new URL(url).port || DEFAULT_PORT);

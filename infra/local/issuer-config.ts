// Where the local identity provider lives, shared so the runner and the token CLI mint and verify alike.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_PORT = 3000;
export const LOCAL_AUDIENCE = 'huiqi';

/** Absolute path of `<repo>/.data`, resolved from this file so it holds whatever the working directory. */
export const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '.data');

/** The issuer is served by the HTTP API server itself, so its URL follows the port. */
export function localIssuerUrl(port: number): string {
  return `http://127.0.0.1:${port}/local-issuer`;
}

/** HUIQI_DATA_DIR lets tests (and a second checkout) keep their keys and data away from the real `.data`. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.HUIQI_DATA_DIR;
  return override ? resolve(override) : DATA_DIR;
}

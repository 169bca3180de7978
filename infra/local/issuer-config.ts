// Where the local identity provider lives, shared so the runner and the token CLI mint and verify alike.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_PORT = 3000;
export const LOCAL_AUDIENCE = 'huiqi';
/**
 * The API as a resource indicator (RFC 8707 wants an absolute URI): access tokens for it carry the audience above.
 * Clients need not send it; the provider defaults to it.
 */
export const LOCAL_RESOURCE = `urn:${LOCAL_AUDIENCE}`;
/** The web app, a public client of the local OpenID provider (code + PKCE, no secret). */
export const WEB_CLIENT_ID = 'huiqi-web';
/** Where the web app is served on the API's origin, and where sign-in returns to in it. */
export const WEB_APP_PATH = '/app/';
export const WEB_CALLBACK_PATH = '/app/callback';

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

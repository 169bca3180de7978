// The built web app, served on the API's own origin under /app/ as CloudFront serves it on AWS: files by path, any
// other path under /app/ to the app's page (its routes are the browser's), and "/" to the app.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pageContentSecurityPolicy, SECURITY_HEADERS } from '../../../shared/security-headers.ts';
import { WEB_APP_PREFIX } from '../../lib/web-paths.ts';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The app's page may run its own scripts and call its own origin (the provider is on it too) and the object storage
 * it uploads to, nothing else. */
export const pageHeaders = (connectSources: string[] = []) => ({
  ...SECURITY_HEADERS,
  'content-security-policy': pageContentSecurityPolicy(connectSources),
});
export const PAGE_HEADERS = pageHeaders();

const isFile = async (file: string) => (await stat(file).catch(() => undefined))?.isFile() ?? false;

/** Where the app signs in: the OpenID provider and the app's client id there (on AWS, from the deployment). */
export interface WebAppConfig {
  authority: string;
  clientId: string;
}

/** Answers a GET for the app, or returns false for the API to answer. */
export function webApp(dir: string, config: WebAppConfig, connectSources: string[] = []) {
  const root = path.resolve(dir);
  const headers = pageHeaders(connectSources);
  return async (req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (rawPath === `${WEB_APP_PREFIX}config.json`) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(config));
      return true;
    }
    if (rawPath === '/' || rawPath === '/app') {
      res.writeHead(302, { location: WEB_APP_PREFIX }).end();
      return true;
    }
    if (!rawPath.startsWith(WEB_APP_PREFIX)) return false;
    const wanted = path.resolve(root, `.${decodeURIComponent(rawPath.slice(WEB_APP_PREFIX.length - 1))}`);
    const inside = wanted.startsWith(`${root}${path.sep}`);
    const asset = inside && (await isFile(wanted));
    const file = asset ? wanted : path.join(root, 'index.html');
    if (!(await isFile(file))) {
      res
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('网页版尚未构建：请重新运行 npm start');
      return true;
    }
    res.writeHead(200, {
      ...headers,
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      // Built assets carry their hash in their name; the page itself must always be asked for again.
      'cache-control':
        asset && rawPath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
}

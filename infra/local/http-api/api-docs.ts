// The OpenAPI viewer on the local API's origin, as CloudFront serves it from the web bucket on AWS: /docs → /docs/.
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { API_DOCS_PREFIX, apiDocsFiles } from '../../lib/web-paths.ts';
import { CONTENT_TYPES, PAGE_HEADERS } from './web-app.ts';

/** Answers a GET for the viewer, or returns false for the API to answer. */
export function apiDocs() {
  const files = apiDocsFiles();
  return (req: IncomingMessage, res: ServerResponse, rawPath: string): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    // The page names its files relatively, so it must be read from the folder's own URL.
    if (rawPath === API_DOCS_PREFIX.slice(0, -1)) {
      res.writeHead(302, { location: API_DOCS_PREFIX }).end();
      return true;
    }
    if (!rawPath.startsWith(API_DOCS_PREFIX)) return false;
    const file = files.get(rawPath.slice(API_DOCS_PREFIX.length) || 'index.html');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
      return true;
    }
    res.writeHead(200, {
      ...PAGE_HEADERS,
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  };
}

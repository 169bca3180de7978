// Reading a request as API Gateway does: its raw path and query string, and a whole body within the payload limit.
import type { IncomingMessage } from 'node:http';
import { HttpError } from './responses.ts';

/** API Gateway's own payload limit; functions enforce their smaller ones themselves. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/**
 * Reads the whole body; past the limit it keeps draining (so the client reads the 413) but stops keeping bytes.
 * `abort` hands the caller a way to give up on a body that never completes.
 */
export function readBody(
  req: IncomingMessage,
  abort: (giveUp: (error: HttpError) => void) => void,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    abort(reject);
    const declared = Number(req.headers['content-length'] ?? 0);
    let tooLarge = declared > MAX_REQUEST_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) reject(new HttpError(413, 'Request Entity Too Large'));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
    // A client that hangs up mid-body never sends 'end'; without this the request would wait forever.
    req.on('close', () => {
      if (!req.complete) reject(new HttpError(400, 'Bad Request'));
    });
  });
}

export function splitUrl(url: string): { rawPath: string; rawQueryString: string } {
  // Absolute-form targets (sent through proxies) carry scheme and host before the path.
  const target = /^[a-z]+:\/\//i.test(url) ? url.replace(/^[a-z]+:\/\/[^/?#]*/i, '') || '/' : url;
  const withoutFragment = target.split('#')[0] ?? '';
  const queryAt = withoutFragment.indexOf('?');
  return queryAt < 0
    ? { rawPath: withoutFragment || '/', rawQueryString: '' }
    : {
        rawPath: withoutFragment.slice(0, queryAt) || '/',
        rawQueryString: withoutFragment.slice(queryAt + 1),
      };
}

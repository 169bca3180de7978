// The local object storage's front door: fauxqs serves S3 but knows nothing of a bucket's CORS rules, so browsers
// could not upload to it from the web app's origin with a presigned URL. This front answers preflights and adds the
// CORS headers by the rules the template gives each bucket, as S3 does, and passes every request on unchanged.
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Stoppable } from './types.ts';

/** A bucket's CORS rule as CloudFormation declares it (AWS::S3::Bucket CorsConfiguration.CorsRules). */
export interface CorsRule {
  AllowedMethods: string[];
  AllowedOrigins: string[];
  AllowedHeaders?: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
}

export interface ObjectStorageFront extends Stoppable {
  endpoint: string;
}

/** S3's origin and header patterns allow one `*` wildcard. */
const matches = (pattern: string, value: string) => {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern.toLowerCase() === value.toLowerCase();
  const [head, tail] = [pattern.slice(0, star), pattern.slice(star + 1)];
  return value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail);
};

/** The first rule that allows this origin, method and these request headers, as S3 chooses. */
export function corsRuleFor(
  rules: CorsRule[],
  origin: string,
  method: string,
  headers: string[],
): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.AllowedOrigins.some((allowed) => matches(allowed, origin)) &&
      rule.AllowedMethods.includes(method) &&
      headers.every((header) =>
        (rule.AllowedHeaders ?? []).some((allowed) => matches(allowed.toLowerCase(), header)),
      ),
  );
}

/**
 * The template's rules name the deployed web app's origin (its domain, or CloudFront's); locally the web app is
 * served from the API's own address, which stands in for that distribution. Each rule keeps its methods and headers.
 */
export function servedFrom(
  cors: Record<string, CorsRule[]>,
  webOrigins: string[],
): Record<string, CorsRule[]> {
  return Object.fromEntries(
    Object.entries(cors).map(([bucket, rules]) => [
      bucket,
      rules.map((rule) => ({ ...rule, AllowedOrigins: webOrigins })),
    ]),
  );
}

const allowOrigin = (rule: CorsRule, origin: string) => (rule.AllowedOrigins.includes('*') ? '*' : origin);

/** Starts the front before fauxqs's S3 at `upstream`, with each bucket's rules by its local name. */
export async function startObjectStorageFront(options: {
  upstream: string;
  cors: Record<string, CorsRule[]>;
}): Promise<ObjectStorageFront> {
  const upstream = new URL(options.upstream);
  const rulesOf = (url: string) => options.cors[url.split('/')[1] ?? ''] ?? [];

  const preflight = (req: IncomingMessage, res: ServerResponse, origin: string) => {
    const method = String(req.headers['access-control-request-method'] ?? '');
    const headers = String(req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((header) => header.trim().toLowerCase())
      .filter(Boolean);
    const rule = corsRuleFor(rulesOf(req.url ?? '/'), origin, method, headers);
    if (!rule) {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(
        '<Error><Code>AccessForbidden</Code><Message>CORSResponse: This CORS request is not allowed.</Message></Error>',
      );
      return;
    }
    res.writeHead(200, {
      'access-control-allow-origin': allowOrigin(rule, origin),
      'access-control-allow-methods': rule.AllowedMethods.join(', '),
      ...(headers.length ? { 'access-control-allow-headers': headers.join(', ') } : {}),
      ...(rule.MaxAge ? { 'access-control-max-age': String(rule.MaxAge) } : {}),
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
    res.end();
  };

  const server = createServer((req, res) => {
    const origin = req.headers.origin;
    if (req.method === 'OPTIONS' && origin) {
      preflight(req, res, origin);
      return;
    }
    const rule = origin ? corsRuleFor(rulesOf(req.url ?? '/'), origin, req.method ?? 'GET', []) : undefined;
    const onward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          ...answer.headers,
          ...(rule && origin
            ? {
                'access-control-allow-origin': allowOrigin(rule, origin),
                ...(rule.ExposedHeaders?.length
                  ? { 'access-control-expose-headers': rule.ExposedHeaders.join(', ') }
                  : {}),
                vary: 'Origin',
              }
            : {}),
        });
        answer.pipe(res);
      },
    );
    onward.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('object storage unavailable');
    });
    req.pipe(onward);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

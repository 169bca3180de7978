// The API Gateway payload 2.0 event a function receives for a request: headers, cookies, query, body and context.
import type { IncomingMessage } from 'node:http';
import { splitUrl } from './requests.ts';
import type { RouteMatch } from './routes.ts';

const LOCAL_ACCOUNT_ID = '000000000000';

function isTextual(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    media.startsWith('text/') ||
    media === 'application/json' ||
    media.endsWith('+json') ||
    media === 'application/xml' ||
    media.endsWith('+xml') ||
    media === 'application/x-www-form-urlencoded' ||
    media === 'application/javascript' ||
    media === 'application/graphql'
  );
}

/** "12/Mar/2020:19:03:58 +0000", the format of requestContext.time. */
function formatRequestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

function hostOnly(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? host);
}

/**
 * The event for a request matched to a route, with its whole body and, behind a JWT authorizer, the token's claims.
 * `host` names the API where the request carries no Host header.
 */
export function buildEvent(
  req: IncomingMessage,
  match: RouteMatch,
  body: Buffer,
  requestId: string,
  claims: Record<string, string> | undefined,
  host: string,
): Record<string, unknown> {
  const { rawPath, rawQueryString } = splitUrl(req.url ?? '/');
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const value = req.rawHeaders[i + 1] ?? '';
    // Payload 2.0 moves cookies into their own array and out of headers.
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] ??= sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');

  // A Map, so a parameter named like a member of Object.prototype (`__proto__`) reaches the function as API
  // Gateway's JSON carries it, instead of vanishing into an object's prototype.
  const query = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const before = query.get(name);
    query.set(name, before === undefined ? value : `${before},${value}`);
  }

  const now = new Date();
  const domainName = hostOnly(headers.host ?? host);
  const routeKey = match.route.spec.routeKey;
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
  };
  if (cookies.length > 0) event.cookies = cookies;
  event.headers = headers;
  if (query.size > 0) event.queryStringParameters = Object.fromEntries(query);
  event.requestContext = {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: 'local',
    ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    domainName,
    domainPrefix: domainName.split('.')[0] ?? domainName,
    http: {
      method: req.method ?? 'GET',
      path: rawPath,
      protocol: `HTTP/${req.httpVersion}`,
      sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId,
    routeKey,
    stage: '$default',
    time: formatRequestTime(now),
    timeEpoch: now.getTime(),
  };
  if (body.length > 0) {
    const textual = isTextual(headers['content-type']);
    event.body = textual ? body.toString('utf8') : body.toString('base64');
    event.isBase64Encoded = !textual;
  } else {
    event.isBase64Encoded = false;
  }
  if (Object.keys(match.pathParameters).length > 0) event.pathParameters = match.pathParameters;
  return event;
}

// Local stand-in for API Gateway HTTP API (payload 2.0): route matching, JWT authorizer, event and response mapping.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createLocalJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { ISSUER_ALG, type LocalIssuer } from './issuer.ts';
import type { InvokeFunction, RouteSpec, Stoppable } from './types.ts';

/** API Gateway's own payload limit; functions enforce their smaller ones themselves. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** API Gateway's default integration timeout for HTTP APIs. */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000;
/** How long a client may take to send a whole request, headers and body; API Gateway's 30 s is the model. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const LOCAL_ACCOUNT_ID = '000000000000';

export interface ExtraHandler {
  method: string;
  /** Exact path, query string excluded. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export interface HttpApiLogger {
  error(message: string, detail?: unknown): void;
}

export interface HttpApiOptions {
  /** 0 picks a free port; the chosen one is in the returned url. */
  port: number;
  host?: string;
  routes: RouteSpec[];
  invoke: InvokeFunction;
  issuer: LocalIssuer;
  extraHandlers?: ExtraHandler[];
  logger?: HttpApiLogger;
  integrationTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface HttpApi extends Stoppable {
  url: string;
}

type SegmentPattern = { kind: 'literal'; value: string } | { kind: 'param'; name: string };

interface CompiledRoute {
  spec: RouteSpec;
  /** Undefined for $default. */
  method?: string;
  segments: SegmentPattern[];
  greedy?: string;
}

interface RouteMatch {
  route: CompiledRoute;
  pathParameters: Record<string, string>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function compileRoute(spec: RouteSpec): CompiledRoute {
  if (spec.routeKey === '$default') return { spec, segments: [] };
  const match = /^([A-Z]+) (\/\S*)$/.exec(spec.routeKey);
  if (!match?.[1] || !match[2]) throw new Error(`无法识别的路由（unrecognised route key）：${spec.routeKey}`);
  const parts = match[2].split('/').slice(1);
  const segments: SegmentPattern[] = [];
  let greedy: string | undefined;
  parts.forEach((part, index) => {
    const variable = /^\{([^{}]+)\}$/.exec(part)?.[1];
    if (variable?.endsWith('+')) {
      if (index !== parts.length - 1)
        throw new Error(`{proxy+} 只能在末尾（greedy variable must be last）：${spec.routeKey}`);
      greedy = variable.slice(0, -1);
    } else if (variable !== undefined) {
      segments.push({ kind: 'param', name: variable });
    } else {
      segments.push({ kind: 'literal', value: part });
    }
  });
  // "/" alone splits into one empty literal; API Gateway's root route has no segments.
  if (segments.length === 1 && segments[0]?.kind === 'literal' && segments[0].value === '')
    segments.length = 0;
  return { spec, method: match[1], segments, greedy };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchRoute(route: CompiledRoute, method: string, segments: string[]): RouteMatch | undefined {
  if (route.method === undefined) return undefined;
  if (route.method !== 'ANY' && route.method !== method) return undefined;
  const fixed = route.segments.length;
  if (route.greedy === undefined ? segments.length !== fixed : segments.length <= fixed) return undefined;
  const pathParameters: Record<string, string> = {};
  for (let i = 0; i < fixed; i++) {
    const pattern = route.segments[i];
    const actual = decodeSegment(segments[i] ?? '');
    if (!pattern) return undefined;
    if (pattern.kind === 'literal') {
      if (pattern.value !== actual) return undefined;
    } else {
      if (actual === '') return undefined;
      pathParameters[pattern.name] = actual;
    }
  }
  if (route.greedy !== undefined) {
    const rest = segments.slice(fixed).map(decodeSegment).join('/');
    if (rest === '') return undefined;
    pathParameters[route.greedy] = rest;
  }
  return { route, pathParameters };
}

/** Negative when a is more specific: non-greedy first, then literal segments before variables, then a named method before ANY. */
function compareSpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const greedy = Number(a.greedy !== undefined) - Number(b.greedy !== undefined);
  if (greedy !== 0) return greedy;
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const rank = Number(a.segments[i]?.kind === 'param') - Number(b.segments[i]?.kind === 'param');
    if (rank !== 0) return rank;
  }
  // Among greedy routes the longer fixed prefix is the closer match.
  if (a.segments.length !== b.segments.length) return b.segments.length - a.segments.length;
  return Number(a.method === 'ANY') - Number(b.method === 'ANY');
}

function selectRoute(routes: CompiledRoute[], method: string, rawPath: string): RouteMatch | undefined {
  const segments = rawPath === '/' ? [] : rawPath.split('/').slice(1);
  let best: RouteMatch | undefined;
  for (const route of routes) {
    const match = matchRoute(route, method, segments);
    if (match && (!best || compareSpecificity(match.route, best.route) < 0)) best = match;
  }
  if (best) return best;
  const fallback = routes.find((route) => route.method === undefined);
  return fallback ? { route: fallback, pathParameters: {} } : undefined;
}

/** API Gateway hands claims to the function as strings: scalars stringified, arrays as "[a b]". */
function flattenClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) claims[name] = `[${value.map((item) => String(item)).join(' ')}]`;
    else if (typeof value === 'object') claims[name] = JSON.stringify(value);
    else claims[name] = String(value);
  }
  return claims;
}

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

/**
 * Reads the whole body; past the limit it keeps draining (so the client reads the 413) but stops keeping bytes.
 * `abort` hands the caller a way to give up on a body that never completes.
 */
function readBody(
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

/** "12/Mar/2020:19:03:58 +0000", the format of requestContext.time. */
function formatRequestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    // The rest of a request answered early would be read as the next one: the connection ends with the answer.
    ...(res.req.complete ? {} : { connection: 'close' }),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function splitUrl(url: string): { rawPath: string; rawQueryString: string } {
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

function hostOnly(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? host);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Headers that describe the local connection, not the function's payload; Node computes them itself. */
const CONNECTION_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function writeLambdaResult(res: ServerResponse, result: unknown, requestId: string): void {
  const base = { 'apigw-requestid': requestId };
  if (!isRecord(result) || result.statusCode === undefined) {
    const text = JSON.stringify(result) ?? '';
    res.writeHead(200, {
      ...base,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
    return;
  }
  const status = Number(result.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new Error(`函数返回了无效的 statusCode（invalid statusCode）：${String(result.statusCode)}`);
  }
  const headers: Record<string, string | string[]> = { ...base };
  if (isRecord(result.headers)) {
    for (const [name, value] of Object.entries(result.headers)) {
      const lower = name.toLowerCase();
      if (value === undefined || value === null || CONNECTION_HEADERS.has(lower)) continue;
      headers[lower] = String(value);
    }
  }
  if (Array.isArray(result.cookies) && result.cookies.length > 0) {
    headers['set-cookie'] = result.cookies.map((cookie) => String(cookie));
  }
  let body: Buffer;
  if (result.body === undefined || result.body === null) body = Buffer.alloc(0);
  else if (typeof result.body === 'string') {
    body = result.isBase64Encoded === true ? Buffer.from(result.body, 'base64') : Buffer.from(result.body);
  } else body = Buffer.from(JSON.stringify(result.body));
  headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(body);
}

/** How a request that never became an event is refused, by Node's error code. */
const CLIENT_ERRORS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
};

/** Answers on the bare connection (no request was read to answer through) and closes it. */
function refuseOnSocket(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const text = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 ${status} ${message}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError(503, 'Service Unavailable')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function startHttpApi(options: HttpApiOptions): Promise<HttpApi> {
  const host = options.host ?? '127.0.0.1';
  const { invoke, issuer } = options;
  const logger: HttpApiLogger = options.logger ?? { error: () => undefined };
  const integrationTimeoutMs = options.integrationTimeoutMs ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  /** Requests whose body is still arriving, by connection: a timeout is answered through their own response. */
  const bodiesAwaited = new WeakMap<Duplex, (error: HttpError) => void>();
  /** Responses under way, by connection: one that has begun cannot be followed by another answer. */
  const responding = new WeakMap<Duplex, ServerResponse>();
  const routes = options.routes.map(compileRoute);
  const extraHandlers = options.extraHandlers ?? [];
  const keySet = createLocalJWKSet(issuer.jwks());
  const issuerPath = new URL(issuer.issuerUrl).pathname.replace(/\/$/, '');
  const issuerDocuments = new Map<string, () => unknown>([
    [`${issuerPath}/.well-known/openid-configuration`, () => issuer.openidConfiguration()],
    [`${issuerPath}/.well-known/jwks.json`, () => issuer.jwks()],
  ]);

  async function authorize(req: IncomingMessage, jwt: NonNullable<RouteSpec['jwt']>): Promise<JWTPayload> {
    const header = req.headers.authorization;
    // API Gateway's JWT authorizer takes the token with or without the Bearer prefix.
    const token = header?.replace(/^Bearer\s+/i, '').trim();
    if (!token) throw new HttpError(401, 'Unauthorized');
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer: jwt.issuer,
        audience: jwt.audience,
        algorithms: [ISSUER_ALG],
        requiredClaims: ['exp'],
      });
      // API Gateway's JWT authorizer also wants `iat` before the current time; jose checks it only for a maximum age.
      if (payload.iat !== undefined && payload.iat > Math.floor(Date.now() / 1000)) throw new Error('iat');
      return payload;
    } catch {
      throw new HttpError(401, 'Unauthorized');
    }
  }

  function buildEvent(
    req: IncomingMessage,
    match: RouteMatch,
    body: Buffer,
    requestId: string,
    claims: Record<string, string> | undefined,
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const { rawPath } = splitUrl(req.url ?? '/');

    const extra = extraHandlers.find((h) => h.method.toUpperCase() === method && h.path === rawPath);
    if (extra) {
      await extra.handle(req, res);
      return;
    }
    const document = method === 'GET' ? issuerDocuments.get(rawPath) : undefined;
    if (document) {
      sendJson(res, 200, document(), { 'cache-control': 'no-cache' });
      return;
    }

    const requestId = randomUUID();
    const match = selectRoute(routes, method, rawPath);
    if (!match) {
      req.resume();
      sendJson(res, 404, { message: 'Not Found' }, { 'apigw-requestid': requestId });
      return;
    }
    try {
      const body = await readBody(req, (giveUp) => bodiesAwaited.set(req.socket, giveUp)).finally(() =>
        bodiesAwaited.delete(req.socket),
      );
      const jwt = match.route.spec.jwt;
      const claims = jwt ? flattenClaims(await authorize(req, jwt)) : undefined;
      const event = buildEvent(req, match, body, requestId, claims);
      let result: unknown;
      try {
        result = await withTimeout(invoke(match.route.spec.functionName, event), integrationTimeoutMs);
        writeLambdaResult(res, result, requestId);
      } catch (error) {
        if (error instanceof HttpError) throw error;
        logger.error(`函数 ${match.route.spec.functionName} 出错（${match.route.spec.routeKey}）`, error);
        throw new HttpError(500, 'Internal Server Error');
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.status === 503) {
        logger.error(
          `函数 ${match.route.spec.functionName} 超时（integration timeout ${integrationTimeoutMs} ms）`,
        );
      }
      const headers: Record<string, string> = { 'apigw-requestid': requestId };
      if (error.status === 401) headers['www-authenticate'] = 'Bearer';
      sendJson(res, error.status, { message: error.message }, headers);
    }
  }

  const server = createServer(
    {
      headersTimeout: requestTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Node looks for late requests this often; its default of 30 s would double the timeout.
      connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs),
    },
    (req, res) => {
      responding.set(req.socket, res);
      res.on('finish', () => responding.delete(req.socket));
      handle(req, res).catch((error: unknown) => {
        logger.error(`本地 HTTP API 内部错误（${req.method} ${req.url}）`, error);
        if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
        else res.destroy();
      });
    },
  );
  // Node's own answers to a late or unreadable request are bare status lines; API Gateway's carry a JSON message.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A client that hung up is owed nothing.
    if (error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const [status, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request'];
    const giveUp = bodiesAwaited.get(socket);
    if (giveUp) giveUp(new HttpError(status, message));
    else if (responding.get(socket)?.headersSent) socket.destroy();
    else refuseOnSocket(socket, status, message);
  });

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new Error(
            `端口 ${options.port} 已被占用（port ${options.port} is in use）；请设置 PORT 换一个端口`,
          ),
        );
      } else reject(error);
    });
    server.listen(options.port, host, () => {
      const address = server.address() as AddressInfo;
      // A wildcard bind is reachable on loopback, and that is the address a browser or test can use.
      const reachable =
        address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
      const urlHost = address.family === 'IPv6' ? `[${reachable}]` : reachable;
      let stopping: Promise<void> | undefined;
      resolve({
        url: `http://${urlHost}:${address.port}`,
        stop() {
          stopping ??= new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          });
          return stopping;
        },
      });
    });
  });
}

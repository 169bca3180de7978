// Local stand-in for API Gateway HTTP API (payload 2.0): the server that routes, authorizes, invokes and answers.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { apiDocs } from './http-api/api-docs.ts';
import { jwtAuthorizer } from './http-api/authorizer.ts';
import { buildEvent } from './http-api/event.ts';
import { readBody, splitUrl } from './http-api/requests.ts';
import {
  CLIENT_ERRORS,
  HttpError,
  refuseOnSocket,
  sendJson,
  writeLambdaResult,
} from './http-api/responses.ts';
import { compileRoute, selectRoute } from './http-api/routes.ts';
import { webApp } from './http-api/web-app.ts';
import type { LocalIssuer } from './issuer.ts';
import { WEB_CLIENT_ID } from './issuer-config.ts';
import type { InvokeFunction, RouteSpec, Stoppable } from './types.ts';

export { MAX_REQUEST_BYTES } from './http-api/requests.ts';

/** API Gateway's default integration timeout for HTTP APIs. */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 30_000;
/** How long a client may take to send a whole request, headers and body; API Gateway's 30 s is the model. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

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
  /** Serves every request under the issuer's path (the OpenID provider); without it, only discovery and JWKS. */
  issuerRequests?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  extraHandlers?: ExtraHandler[];
  /** The built web app, served under /app/ on the same origin. */
  webAppDir?: string;
  /** The object storage the app's page uploads materials to, which its CSP must let it reach. */
  uploadOrigin?: string;
  logger?: HttpApiLogger;
  integrationTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface HttpApi extends Stoppable {
  url: string;
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
  const site = options.webAppDir
    ? webApp(
        options.webAppDir,
        { authority: issuer.issuerUrl, clientId: WEB_CLIENT_ID },
        options.uploadOrigin ? [options.uploadOrigin] : [],
      )
    : undefined;
  const docs = apiDocs();
  const authorize = jwtAuthorizer(issuer);
  const issuerPath = new URL(issuer.issuerUrl).pathname.replace(/\/$/, '');
  const issuerDocuments = new Map<string, () => unknown>([
    [`${issuerPath}/.well-known/openid-configuration`, () => issuer.openidConfiguration()],
    [`${issuerPath}/.well-known/jwks.json`, () => issuer.jwks()],
  ]);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const { rawPath } = splitUrl(req.url ?? '/');

    const extra = extraHandlers.find((h) => h.method.toUpperCase() === method && h.path === rawPath);
    if (extra) {
      await extra.handle(req, res);
      return;
    }
    if (options.issuerRequests && (rawPath === issuerPath || rawPath.startsWith(`${issuerPath}/`))) {
      await options.issuerRequests(req, res);
      return;
    }
    if (site && (await site(req, res, rawPath))) return;
    if (docs(req, res, rawPath)) return;
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
      const claims = jwt ? await authorize(req, jwt) : undefined;
      const event = buildEvent(req, match, body, requestId, claims, host);
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

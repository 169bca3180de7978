// The HTTP edge of every API function: finds the route's declaration in the contract, authorizes the caller's role,
// validates path, query and body, and hands the route function typed input; refusals, never a stack trace.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import {
  CONTRACT,
  type Contract,
  type FileContent,
  type RouteKey,
  type RouteReply,
  type RouteRequest,
  type RouteSpec,
} from './api/contract.ts';
import {
  bodyTooLarge,
  DomainError,
  internalError,
  jsonTooDeep,
  malformedJson,
  notFound,
  unsupportedMediaType,
} from './errors.ts';
import { logger, publishMetrics, tracer } from './observability.ts';
import { type Principal, principalOf, requireRole } from './principal.ts';
import { SECURITY_HEADERS } from './security-headers.ts';
import { hasUnsafeCharacter, parseWith } from './validation.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
/** What the edge sends back: JSON, or a file to download. */
export type HttpResult = { status: number; body?: unknown } | { status: 200; file: FileContent };

/** A route function: typed input from the contract in, one of the route's declared replies out. */
export type RouteFunction<K extends RouteKey> = (
  request: RouteRequest<K, Principal>,
) => Promise<RouteReply<K>>;
/** The route functions a Lambda function serves: every route the contract files under it, no other. */
export type RoutesOf<F extends RouteSpec['function']> = {
  [K in RouteKey as Contract[K]['function'] extends F ? K : never]: RouteFunction<K>;
};

/** The platform's limit on request bodies; API Gateway's own is larger. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Deeper than any body the API takes (a guide is four levels); deeper nesting only buys recursion further in. */
export const MAX_JSON_DEPTH = 32;
/**
 * Longer than any id the platform gives out (UUIDs, "360728-001", batch, payment and reconciliation ids), and far
 * below DynamoDB's key limits, which otherwise answer an oversize id with an error instead of "not found".
 */
export const MAX_PATH_PARAMETER_LENGTH = 128;
/** RFC 8259 JSON is UTF-8, so no other charset is taken. */
const JSON_CONTENT_TYPE = /^application\/json[ \t]*(;[ \t]*charset[ \t]*=[ \t]*("utf-8"|utf-8)[ \t]*)?$/i;

export const ok = <T>(body: T) => ({ status: 200 as const, body });
export const created = <T>(body: T) => ({ status: 201 as const, body });
export const accepted = <T>(body: T) => ({ status: 202 as const, body });

export const download = (name: string, contentType: string, content: string | Uint8Array) => ({
  status: 200 as const,
  file: { name, contentType, content },
});

/** The edge's settings for one function. */
export interface HttpHandlerOptions {
  /** Seconds shared caches may keep the answers of routes the contract marks `sharedCache`; 0 or none: never. */
  publicCacheSeconds?: number;
}

const respond = (result: HttpResult, sharedForSeconds = 0): APIGatewayProxyStructuredResultV2 => {
  const response = 'file' in result ? respondWithFile(result.file) : respondWithJson(result);
  const caching = sharedForSeconds > 0 ? { 'cache-control': `public, max-age=${sharedForSeconds}` } : {};
  return { ...response, headers: { ...SECURITY_HEADERS, ...caching, ...response.headers } };
};

/** Only a public route's success is shared: refusals, and anything answered to a token, stay `no-store`. */
const sharedSecondsOf = (spec: RouteSpec, result: HttpResult, options: HttpHandlerOptions) =>
  spec.sharedCache && spec.roles === 'public' && result.status === 200
    ? (options.publicCacheSeconds ?? 0)
    : 0;

function respondWithFile({ name, contentType, content }: FileContent): APIGatewayProxyStructuredResultV2 {
  const binary = typeof content !== 'string';
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      // RFC 6266: a Chinese file name travels percent-encoded.
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    },
    body: binary ? Buffer.from(content).toString('base64') : content,
    isBase64Encoded: binary,
  };
}

const respondWithJson = (result: { status: number; body?: unknown }): APIGatewayProxyStructuredResultV2 => ({
  statusCode: result.status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: result.body === undefined ? '' : JSON.stringify(result.body),
});

/** API Gateway lower-cases header names; a hand-built event may not. */
const headerOf = (event: HttpEvent, name: string): string | undefined =>
  Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/** Whether arrays and objects in JSON text nest deeper than `limit`; brackets inside strings do not count. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      if (++depth > limit) return true;
    } else if (char === ']' || char === '}') depth--;
  }
  return false;
}

/** Reads the JSON body, refusing other media types and oversize, malformed or too deep JSON before any work. */
export function jsonBody(event: HttpEvent, maxBytes = MAX_BODY_BYTES): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return {};
  if (!JSON_CONTENT_TYPE.test(headerOf(event, 'content-type') ?? '')) throw unsupportedMediaType();
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > maxBytes) throw bodyTooLarge(maxBytes);
  const text = raw.toString('utf8');
  // Counted before parsing, which a megabyte of brackets would keep busy for most of a second.
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw jsonTooDeep(MAX_JSON_DEPTH);
  try {
    return JSON.parse(text);
  } catch {
    throw malformedJson();
  }
}

/** No id is that long or holds such characters, so the answer is "not found", before any store is asked. */
const unusablePathParameter = (value: string | undefined) =>
  value !== undefined && (value.length > MAX_PATH_PARAMETER_LENGTH || hasUnsafeCharacter(value));

/** Maps anything thrown to the error envelope; unexpected errors are logged, never shown. */
export function errorResult(error: unknown): { status: number; body: unknown } {
  if (error instanceof DomainError) return { status: error.status, body: error.toBody() };
  logger.error('unhandled error', { error: error as Error });
  const internal = internalError();
  return { status: internal.status, body: internal.toBody() };
}

/** Authorizes and validates a request as the contract declares its route: role, then path, query and body. */
function requestFor(spec: RouteSpec, event: HttpEvent) {
  let principal: Principal | undefined;
  if (spec.roles !== 'public') {
    principal = principalOf(event);
    requireRole(principal, ...spec.roles);
  }
  const pathParameters = event.pathParameters ?? {};
  return {
    principal,
    path: spec.params ? parseWith(spec.params, pathParameters) : pathParameters,
    query: spec.query ? parseWith(spec.query, event.queryStringParameters ?? {}) : {},
    body: spec.body ? parseWith(spec.body, jsonBody(event, spec.maxBodyBytes)) : undefined,
  };
}

/** Builds the Lambda handler of one API function, serving the routes the contract files under it. */
export function httpHandler<F extends RouteSpec['function']>(
  _function: F,
  routes: RoutesOf<F>,
  options: HttpHandlerOptions = {},
) {
  const served = routes as unknown as Record<string, (request: unknown) => Promise<HttpResult>>;
  const dispatch = async (event: HttpEvent, _context: Context): Promise<APIGatewayProxyResultV2> => {
    const route = served[event.routeKey];
    const spec: RouteSpec | undefined = CONTRACT[event.routeKey as RouteKey];
    // Every line this request logs carries API Gateway's request id, the id a caller can quote.
    logger.setCorrelationId(event.requestContext?.requestId);
    const answered = (result: HttpResult) => {
      // One line a request, so an operator finds any request by the id its caller quotes.
      logger.info('answered', { route: event.routeKey, status: result.status });
      return respond(result, spec ? sharedSecondsOf(spec, result, options) : 0);
    };
    try {
      if (!route || !spec) throw notFound('接口');
      if (Object.values(event.pathParameters ?? {}).some(unusablePathParameter)) throw notFound('资源');
      return answered(await route(requestFor(spec, event)));
    } catch (error) {
      return answered(errorResult(error));
    }
  };
  return middy(dispatch)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics());
}

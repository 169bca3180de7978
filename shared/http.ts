// The HTTP edge of every API function: routing by route key, JSON bodies, refusals, never a stack trace.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import {
  bodyTooLarge,
  DomainError,
  internalError,
  jsonTooDeep,
  malformedJson,
  notFound,
  unsupportedMediaType,
} from './errors.ts';
import { logger, metrics, tracer } from './observability.ts';
import { hasUnsafeCharacter } from './validation.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A download instead of JSON: text as is, bytes base64-encoded for API Gateway. */
  file?: { name: string; contentType: string; content: string | Uint8Array };
}
export type Route = (event: HttpEvent) => Promise<HttpResult>;

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

export const ok = (body: unknown): HttpResult => ({ status: 200, body });
export const created = (body: unknown): HttpResult => ({ status: 201, body });
export const accepted = (body: unknown): HttpResult => ({ status: 202, body });

export const download = (name: string, contentType: string, content: string | Uint8Array): HttpResult => ({
  status: 200,
  file: { name, contentType, content },
});

const respond = (result: HttpResult): APIGatewayProxyResultV2 =>
  result.file ? respondWithFile(result.file) : respondWithJson(result);

function respondWithFile({
  name,
  contentType,
  content,
}: NonNullable<HttpResult['file']>): APIGatewayProxyResultV2 {
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

const respondWithJson = (result: HttpResult): APIGatewayProxyResultV2 => ({
  statusCode: result.status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers },
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
export function jsonBody(event: HttpEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return {};
  if (!JSON_CONTENT_TYPE.test(headerOf(event, 'content-type') ?? '')) throw unsupportedMediaType();
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw bodyTooLarge(MAX_BODY_BYTES);
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
export function errorResult(error: unknown): HttpResult {
  if (error instanceof DomainError) return { status: error.status, body: error.toBody() };
  logger.error('unhandled error', { error: error as Error });
  const internal = internalError();
  return { status: internal.status, body: internal.toBody() };
}

/** Builds a Lambda handler serving the given routes, keyed by API Gateway route key ("GET /policies"). */
export function httpHandler(routes: Record<string, Route>) {
  const dispatch = async (event: HttpEvent, _context: Context): Promise<APIGatewayProxyResultV2> => {
    const route = routes[event.routeKey];
    try {
      if (!route) throw notFound('接口');
      if (Object.values(event.pathParameters ?? {}).some(unusablePathParameter)) throw notFound('资源');
      return respond(await route(event));
    } catch (error) {
      return respond(errorResult(error));
    }
  };
  return middy(dispatch)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
